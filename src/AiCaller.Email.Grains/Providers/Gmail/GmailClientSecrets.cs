using System.Text.Json;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>The OAuth client from Google's client secrets JSON (<c>{"web":{…}}</c> or <c>{"installed":{…}}</c>).</summary>
public sealed record GmailClientSecrets(string ClientId, string ClientSecret, string AuthUri, string TokenUri)
{
    public const string DefaultAuthUri = "https://accounts.google.com/o/oauth2/v2/auth";
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    /// <summary>Reads the secrets named by the options; on failure returns the seed's message saying what is missing.</summary>
    public static (GmailClientSecrets? Secrets, string? Problem) Load(GmailOptions options)
    {
        var (json, problem) = ClientSecretsText.Read(options.ClientSecretsJson, options.ClientSecretsFile, "Gmail");
        return json is null ? (null, problem) : Parse(json);
    }

    public static (GmailClientSecrets? Secrets, string? Problem) Parse(string json)
    {
        JsonElement client;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !(root.TryGetProperty("web", out client) || root.TryGetProperty("installed", out client))
                || client.ValueKind != JsonValueKind.Object)
            {
                return (null, "Missing Gmail OAuth client secrets: the JSON has neither a \"web\" nor an \"installed\" object");
            }

            client = client.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"Missing Gmail OAuth client secrets: the JSON is not valid ({e.Message})");
        }

        var clientId = Text(client, "client_id");
        if (clientId is null)
        {
            return (null, "Missing client_id");
        }

        var clientSecret = Text(client, "client_secret");
        if (clientSecret is null)
        {
            return (null, "Missing client_secret");
        }

        return (new GmailClientSecrets(
            clientId,
            clientSecret,
            Text(client, "auth_uri") ?? DefaultAuthUri,
            Text(client, "token_uri") ?? DefaultTokenUri), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    public override string ToString() => $"GmailClientSecrets {{ ClientId = {ClientId} }}";
}
