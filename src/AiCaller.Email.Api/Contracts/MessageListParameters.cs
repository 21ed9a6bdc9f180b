using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Mvc;

namespace AiCaller.Email.Api.Contracts;

// The query of GET .../messages, one record per provider as SPEC §4 has them; the attributes are the rules that
// ParameterRules enforces and the OpenAPI document shows. Outlook's top and skip stay nullable, as "not given" means
// something (max_results stands in for top; skip=0 with query is refused), so their defaults are only described.

/// <summary>GET /api/gmail/.../messages.</summary>
public sealed record GmailMessagesParameters(
    [property: FromQuery(Name = "query"), StringLength(1024, MinimumLength = 1)]
    [property: Description("Gmail search syntax, as in Gmail's search box (e.g. from:ana@example.com is:unread)")]
    string? Query = null,
    [property: FromQuery(Name = "max_results"), Range(1, 500), DefaultValue(10), Description("How many messages to return")]
    int MaxResults = 10,
    [property: FromQuery(Name = "page_token"), StringLength(RequestParsing.MaxTokenLength, MinimumLength = 1)]
    [property: Description("next_page_token of the previous page")]
    string? PageToken = null)
{
    public MessageListQuery ToListQuery()
    {
        ParameterRules.Check(this);
        return new MessageListQuery(MaxResults, Query, PageToken, Skip: null);
    }
}

/// <summary>GET /api/outlook/.../messages.</summary>
public sealed record OutlookMessagesParameters(
    [property: FromQuery(Name = "top"), Range(1, 1000), Description("How many messages to return (default 10)")]
    int? Top = null,
    [property: FromQuery(Name = "skip"), Range(0, int.MaxValue), Description("How many messages to skip (default 0); not with query")]
    int? Skip = null,
    [property: FromQuery(Name = "page_token"), StringLength(RequestParsing.MaxTokenLength, MinimumLength = 1)]
    [property: Description("next_page_token of the previous page")]
    string? PageToken = null,
    [property: FromQuery(Name = "query"), StringLength(1024, MinimumLength = 1)]
    [property: Description("Searched with Graph's $search, which pages by page_token only")]
    string? Query = null,
    [property: FromQuery(Name = "max_results"), Range(1, 1000), Description("Gmail's name for top, accepted too; top wins when both are given")]
    int? MaxResults = null)
{
    public MessageListQuery ToListQuery()
    {
        if (Query is not null && Skip is not null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, "skip cannot be combined with query (Graph's $search pages by page_token only)");
        }

        // The alias is held to top's rule, under top's name, and only when top is not given.
        var effective = this with { Top = Top ?? MaxResults, MaxResults = null };
        ParameterRules.Check(effective);
        return new MessageListQuery(effective.Top ?? 10, Query, PageToken, Skip ?? 0);
    }
}
