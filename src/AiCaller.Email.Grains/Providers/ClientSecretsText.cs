namespace AiCaller.Email.Grains.Providers;

/// <summary>
/// The seed's two ways to give an app's client secrets: inline JSON (wins) or a file. Returns the JSON text,
/// or the seed's "Missing … OAuth client secrets" saying what is missing.
/// </summary>
public static class ClientSecretsText
{
    public static (string? Json, string? Problem) Read(string? inlineJson, string? file, string providerDisplayName)
    {
        var missing = $"Missing {providerDisplayName} OAuth client secrets";
        if (!string.IsNullOrWhiteSpace(inlineJson))
        {
            return (inlineJson, null);
        }

        if (string.IsNullOrWhiteSpace(file))
        {
            return (null, missing);
        }

        try
        {
            var json = File.ReadAllText(file);
            return string.IsNullOrWhiteSpace(json) ? (null, $"{missing}: file '{file}' is empty") : (json, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, File.Exists(file) ? $"{missing}: file '{file}' cannot be read ({e.Message})" : $"{missing}: file '{file}' does not exist");
        }
    }
}
