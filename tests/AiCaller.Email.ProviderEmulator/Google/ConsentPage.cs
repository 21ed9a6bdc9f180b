using System.Net;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>
/// The consent and error pages. Plain HTML with hidden inputs, so a test can drive consent with an HttpClient:
/// read the hidden fields, add email and decision, post them to the decision endpoint.
/// </summary>
public static class ConsentPage
{
    public const string DecisionPath = "/o/oauth2/v2/auth/decision";

    public static IResult Consent(OAuthClient client, AuthorizeRequest request)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in - Google Accounts (emulator)</title></head><body>\n")
            .Append("<h1>").Append(Encode(client.AppName)).Append(" wants to access your Google Account</h1>\n<ul>\n");
        foreach (var scope in request.Scopes)
        {
            html.Append("<li class=\"scope\">").Append(Encode(scope)).Append("</li>\n");
        }

        html.Append("</ul>\n<form method=\"post\" action=\"").Append(DecisionPath).Append("\">\n");
        foreach (var (name, value) in request.Raw)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">\n");
        }

        html.Append("<label>Email <input type=\"email\" name=\"email\" value=\"")
            .Append(Encode(request.LoginHint ?? GoogleDefaults.UserEmail)).Append("\"></label>\n")
            .Append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n")
            .Append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n")
            .Append("</form>\n</body></html>\n");
        return Page(200, html.ToString());
    }

    public static IResult Error(AuthorizeProblem problem) => Page(400,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Error 400 (OAuth2 Error)</title></head><body>\n"
        + $"<h1>Access blocked: Authorization Error</h1>\n<p id=\"error\">Error 400: {Encode(problem.Error)}</p>\n"
        + $"<p id=\"error_description\">{Encode(problem.Description)}</p>\n</body></html>\n");

    private static IResult Page(int status, string html) =>
        TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
