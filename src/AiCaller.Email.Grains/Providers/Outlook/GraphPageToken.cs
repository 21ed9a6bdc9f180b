using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// Our page_token for Outlook: the query of Graph's <c>@odata.nextLink</c>, base64url-encoded, so that no
/// host or path travels through clients and a token can only ever page through /me/messages.
/// </summary>
public static class GraphPageToken
{
    private static readonly HashSet<string> AllowedParameters =
        new(["$top", "$skip", "$select", "$orderby", "$filter", "$search", "$skiptoken", "$count"], StringComparer.OrdinalIgnoreCase);

    public static string? FromNextLink(string? nextLink)
    {
        if (nextLink is null || !Uri.TryCreate(nextLink, UriKind.Absolute, out var uri))
        {
            return null;
        }

        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(uri.Query.TrimStart('?')));
    }

    /// <summary>The messages URL a token stands for, or null when it is not one of ours.</summary>
    public static string? ToUrl(string token, string graphBaseUrl)
    {
        string query;
        try
        {
            query = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }

        var parameters = QueryHelpers.ParseQuery(query);
        if (parameters.Count == 0 || parameters.Keys.Any(k => !AllowedParameters.Contains(k.Replace("%24", "$", StringComparison.Ordinal))))
        {
            return null;
        }

        return $"{graphBaseUrl.TrimEnd('/')}/me/messages?{query}";
    }
}
