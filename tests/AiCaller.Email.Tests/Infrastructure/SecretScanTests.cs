using System.Text;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>The scan the encryption tests rely on finds a secret in each form it claims to, and nothing else.</summary>
public sealed class SecretScanTests
{
    private const string Secret = "1//emu-refresh-token-of-ana";

    public static TheoryData<string, string> Forms => new()
    {
        { "UTF-8", $"before {Secret} after" },
        { "URL-encoded", $"GET /api/gmail/oauth/callback?code={Uri.EscapeDataString(Secret)}&state=x" },
        { "hex", @"COPY grain_state (payload) FROM stdin;\\x00ff" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Secret)) + "00" },
        { "HEX", "0x" + Convert.ToHexString(Encoding.UTF8.GetBytes(Secret)) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"refresh\":\"" + Secret + "\"}")) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"refresh\": \"" + Secret + "\"}")) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"refresh\":  \"" + Secret + "\"}")) },
        { "base64url", Convert.ToBase64String(Encoding.UTF8.GetBytes("??>>" + Secret + "??>>")).Replace('+', '-').Replace('/', '_') },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_secret_is_found_in_every_form_at_any_alignment(string form, string stored)
    {
        var found = SecretScan.Find([Encoding.ASCII.GetBytes(stored)], [Secret]);

        Assert.Contains(found, line => line.EndsWith($" as {form}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_is_found_as_UTF_16()
    {
        Assert.Contains($"'{Secret[..12]}…' as UTF-16LE", SecretScan.Find([Encoding.Unicode.GetBytes($"x{Secret}x")], [Secret]));
    }

    [Fact]
    public void Data_without_the_secret_yields_nothing()
    {
        var unrelated = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes("1//emu-another-token")) + "\\x1f2e3d");

        Assert.Empty(SecretScan.Find([unrelated, [0, 1, 2, 255]], [Secret]));
    }
}
