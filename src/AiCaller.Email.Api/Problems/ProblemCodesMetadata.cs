using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Problems;

/// <summary>
/// The problem codes an endpoint can answer with, and with which status, declared where the endpoint is mapped. The
/// OpenAPI document lists them per status (<see cref="OpenApi.ProblemCodesTransformer"/>); a group's add to its endpoints'.
/// </summary>
public sealed record ProblemCodesMetadata(IReadOnlyList<(int Status, ProblemCode Code)> Answers);

public static class ProblemCodesConventions
{
    /// <summary>The endpoint can answer with these codes, each with its usual status (SPEC §4's table).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params ProblemCode[] codes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems(codes.Select(code => (ProblemResponses.StatusOf(code), code)).ToArray());

    /// <summary>The endpoint can answer with this code under another status than its usual one (415 for a body that is not JSON).</summary>
    public static TBuilder ProducesProblem<TBuilder>(this TBuilder builder, int status, ProblemCode code)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblems((status, code));

    private static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params (int Status, ProblemCode Code)[] answers)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ProblemCodesMetadata(answers));
        foreach (var status in answers.Select(a => a.Status).Distinct())
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), [ProblemResponses.ContentType]));
        }

        return builder;
    }
}
