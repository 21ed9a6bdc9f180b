using System.Globalization;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// Gmail ids are 64-bit numbers written in hex. Gmail answers 400 when an id does not parse as an in-range hex
/// number and 404 when it parses but names nothing, so lookups go by value, not by string.
/// </summary>
public static class MessageId
{
    public static string Format(long id) => id.ToString("x16", CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 16 || !text.All(char.IsAsciiHexDigit)
            || !ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value > long.MaxValue)
        {
            return false;
        }

        id = (long)value;
        return true;
    }
}
