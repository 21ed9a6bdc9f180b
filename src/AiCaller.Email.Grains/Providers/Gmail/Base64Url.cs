namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>Gmail's base64url: <c>raw</c> arrives padded, part data often unpadded; both decode.</summary>
public static class Base64Url
{
    public static byte[] Decode(string value)
    {
        var standard = value.Trim().Replace('-', '+').Replace('_', '/').TrimEnd('=');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        return Convert.FromBase64String(standard);
    }
}
