namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>Gmail's base64url: <c>raw</c> goes out padded, part data unpadded; both are accepted coming in.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes, bool padded)
    {
        var text = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        return padded ? text : text.TrimEnd('=');
    }

    /// <summary>Decodes base64url or standard base64, padded or not; null when it is neither.</summary>
    public static byte[]? TryDecode(string text)
    {
        var normalized = text.Trim().Replace('-', '+').Replace('_', '/').TrimEnd('=');
        if (normalized.Length % 4 == 1)
        {
            return null;
        }

        normalized = normalized.PadRight(normalized.Length + (4 - normalized.Length % 4) % 4, '=');
        var buffer = new byte[normalized.Length / 4 * 3];
        return Convert.TryFromBase64String(normalized, buffer, out var written) ? buffer[..written] : null;
    }
}
