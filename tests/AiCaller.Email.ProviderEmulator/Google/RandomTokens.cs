using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>Token strings shaped like Google's, so a product that mangles '/' or '.' in them fails here too.</summary>
public static class RandomTokens
{
    public static string Code() => "4/0Aemu" + Random(32);
    public static string AccessToken() => "ya29.emu-" + Random(48);
    public static string RefreshToken() => "1//emu-" + Random(40);

    private static string Random(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}
