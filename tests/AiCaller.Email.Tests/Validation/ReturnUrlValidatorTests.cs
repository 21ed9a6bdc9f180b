using AiCaller.Email.Api.Hosting;
using AiCaller.Email.Api.Validation;
using AiCaller.Email.Grains.Problems;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Tests.Validation;

/// <summary>Where a browser may be sent after its consent: paths on this host, and URLs under an allowed prefix only.</summary>
public sealed class ReturnUrlValidatorTests
{
    private static readonly ReturnUrlValidator Validator = Create("https://app.example.com/mail/connected", "https://admin.example.com/");

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/?tab=mail", "/?tab=mail")]
    [InlineData("/a/b?c=d#e", "/a/b?c=d#e")]
    [InlineData("https://app.example.com/mail/connected", "https://app.example.com/mail/connected")]
    [InlineData("https://APP.example.com/mail/connected/step?x=1", "https://app.example.com/mail/connected/step?x=1")]
    [InlineData("https://app.example.com:443/mail/connected", "https://app.example.com/mail/connected")]
    [InlineData("https://admin.example.com/anything/at/all", "https://admin.example.com/anything/at/all")]
    public void Paths_on_this_host_and_urls_under_an_allowed_prefix_pass(string returnUrl, string expected) =>
        Assert.Equal(expected, Validator.Check(returnUrl));

    [Theory]
    [InlineData("")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example/")]
    [InlineData("relative")]
    [InlineData("https://evil.example/mail/connected")]
    [InlineData("https://app.example.com.evil.example/mail/connected")]
    [InlineData("https://app.example.com/mail/connectedx")]
    [InlineData("https://app.example.com/mail/")]
    [InlineData("https://app.example.com/mail/connected/../../admin")]
    [InlineData("https://app.example.com/mail/connected/%2e%2e/%2e%2e/admin")]
    [InlineData("https://app.example.com/mail/connected%2f..%2fadmin")]
    [InlineData("http://app.example.com/mail/connected")]
    [InlineData("https://app.example.com:8443/mail/connected")]
    [InlineData("https://user:pw@app.example.com/mail/connected")]
    [InlineData("javascript:alert(1)//https://app.example.com/mail/connected")]
    [InlineData("data:text/html,hi")]
    [InlineData("/with space")]
    [InlineData("/with\nnewline")]
    [InlineData("/ümlaut")]
    public void Anything_else_is_refused_as_invalid_request_naming_the_field(string returnUrl)
    {
        var problem = Assert.Throws<MailboxProblemException>(() => Validator.Check(returnUrl));
        Assert.Equal(ProblemCode.InvalidRequest, problem.Code);
        Assert.Contains("return_url", problem.Detail);
    }

    [Fact]
    public void Without_an_allow_list_only_paths_pass_and_the_refusal_says_how_to_allow_more()
    {
        var validator = Create();

        Assert.Equal("/", validator.Check("/"));
        Assert.Null(validator.Check(null));
        Assert.Contains("CONNECT_LINK_RETURN_URLS", Assert.Throws<MailboxProblemException>(() => validator.Check("https://app.example.com/")).Detail);
    }

    [Theory]
    [InlineData("https://app.example.com/back?x=1")]
    [InlineData("https://app.example.com/back#top")]
    [InlineData("ftp://app.example.com/")]
    [InlineData("https://user@app.example.com/")]
    [InlineData("/just-a-path")]
    public void A_prefix_is_an_absolute_http_url_without_query_fragment_or_user(string entry) =>
        Assert.Null(ReturnUrlValidator.ParsePrefix(entry));

    private static ReturnUrlValidator Create(params string[] prefixes)
    {
        var options = new ConnectLinkOptions();
        options.ReturnUrlPrefixes.AddRange(prefixes.Select(p => ReturnUrlValidator.ParsePrefix(p)!));
        return new ReturnUrlValidator(Options.Create(options));
    }
}
