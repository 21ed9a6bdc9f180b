using System.Net;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// The sign-in-and-consent and error pages, in the same plain shape as Google's (<see cref="Google.ConsentPage"/>):
/// hidden inputs, an email input, Allow and Deny buttons, so a test drives consent with an HttpClient.
/// </summary>
public static class MicrosoftConsentPage
{
    public static string DecisionPath(string tenant) => $"/{tenant}/oauth2/v2.0/authorize/decision";

    public static IResult Consent(Google.OAuthClient client, MicrosoftAuthorizeRequest request)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in to your account (emulator)</title></head><body>\n")
            .Append("<h1>Permissions requested: ").Append(Encode(client.AppName)).Append("</h1>\n<ul>\n");
        foreach (var scope in request.Scopes)
        {
            html.Append("<li class=\"scope\">").Append(Encode(scope)).Append("</li>\n");
        }

        html.Append("</ul>\n<form method=\"post\" action=\"").Append(Encode(DecisionPath(request.Tenant))).Append("\">\n");
        foreach (var (name, value) in request.Raw)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(Encode(name)).Append("\" value=\"").Append(Encode(value)).Append("\">\n");
        }

        html.Append("<label>Email <input type=\"email\" name=\"email\" value=\"")
            .Append(Encode(request.LoginHint ?? MicrosoftDefaults.UserEmail)).Append("\"></label>\n")
            .Append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n")
            .Append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n")
            .Append("</form>\n</body></html>\n");
        return Page(200, html.ToString());
    }

    public static IResult Error(MicrosoftAuthorizeProblem problem) => Page(400,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in to your account (emulator)</title></head><body>\n"
        + "<h1>Sorry, but we're having trouble signing you in.</h1>\n"
        + $"<p id=\"error\">{Encode(problem.Error)}</p>\n<p id=\"error_description\">{Encode(problem.Description)}</p>\n</body></html>\n");

    private static IResult Page(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
