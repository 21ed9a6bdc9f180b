using System.ComponentModel;

namespace AiCaller.Email.Api.Problems;

/// <summary>
/// What every error answer looks like (RFC 9457 problem details as <c>application/problem+json</c>, with the extra
/// <c>code</c>), as the OpenAPI document describes it; <see cref="ProblemResponses"/> writes it.
/// </summary>
public sealed record ApiProblem(
    [property: Description("https://aicaller.email/problems/{code}")] string Type,
    string Title,
    int Status,
    [property: Description("What was wrong, for a person: the field or parameter at fault, or the provider's own error")] string Detail,
    [property: Description("What was wrong, for a program: one of SPEC §4's codes")] string Code,
    [property: Description("The request's trace id, to find it in the host's logs")] string? TraceId = null);
