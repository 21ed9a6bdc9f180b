using System.Text.Json;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>The Azure app registration: <c>{client_id|appId, client_secret|password, tenant?="common"}</c>.</summary>
public sealed record OutlookClientSecrets(string ClientId, string ClientSecret, string Tenant)
{
    /// <summary>Reads the secrets named by the options; on failure returns the seed's message saying what is missing.</summary>
    public static (OutlookClientSecrets? Secrets, string? Problem) Load(OutlookOptions options)
    {
        var (json, problem) = ClientSecretsText.Read(options.ClientSecretsJson, options.ClientSecretsFile, "Outlook");
        return json is null ? (null, problem) : Parse(json);
    }

    public static (OutlookClientSecrets? Secrets, string? Problem) Parse(string json)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            return (null, $"Missing Outlook OAuth client secrets: the JSON is not valid ({e.Message})");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "Missing Outlook OAuth client secrets: the JSON is not an object");
        }

        var clientId = Text(root, "client_id") ?? Text(root, "appId");
        if (clientId is null)
        {
            return (null, "Missing client_id/appId");
        }

        var clientSecret = Text(root, "client_secret") ?? Text(root, "password");
        if (clientSecret is null)
        {
            return (null, "Missing client_secret/password");
        }

        return (new OutlookClientSecrets(clientId, clientSecret, Text(root, "tenant") ?? "common"), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    public override string ToString() => $"OutlookClientSecrets {{ ClientId = {ClientId}, Tenant = {Tenant} }}";
}
