using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>RFC 7636 verification; plain is the default method when none is given, as Google documents.</summary>
public static class Pkce
{
    public static bool IsSupportedMethod(string? method) => method is null or "" or "S256" or "plain";

    public static bool Verify(string challenge, string? method, string verifier)
    {
        var expected = method == "S256"
            ? WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }
}
