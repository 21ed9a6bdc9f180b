using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AiCaller.Email.Api.Endpoints;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Mvc;

namespace AiCaller.Email.Api.Contracts;

/// <summary>GET /api/{provider}/accounts: one page of the tenant's accounts.</summary>
public sealed record AccountsParameters(
    [property: FromQuery(Name = "limit"), Range(1, 1000), DefaultValue(100), Description("How many accounts to return")]
    int Limit = 100,
    [property: FromQuery(Name = "page_token"), Description("next_page_token of the previous page")]
    string? PageToken = null)
{
    public void Check()
    {
        ParameterRules.Check(this);
        if (PageToken is not null && !MailboxKey.IsValidIdentifier(PageToken))
        {
            // The token is the last account id of the previous page; anything else was not handed out here.
            throw new MailboxProblemException(ProblemCode.InvalidRequest, "page_token is not one this API returned");
        }
    }
}
