using System.Text.Json.Serialization;

namespace AiCaller.Email.Api.Contracts;

/// <summary>The optional body of <c>POST .../connect-link</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConnectLinkBody(string? ReturnUrl);

/// <summary>A connect link: open <see cref="Url"/> in a browser, without an API key, once, before <see cref="ExpiresAt"/>.</summary>
public sealed record ConnectLinkResponse(string Url, DateTimeOffset ExpiresAt);
