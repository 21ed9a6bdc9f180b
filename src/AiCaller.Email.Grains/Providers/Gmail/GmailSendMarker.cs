namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// How a Gmail send is found again. Gmail replaces the Message-ID of a message sent through its API with its own, so
/// the marker also travels in a header of ours, which Gmail keeps. Gmail's search cannot match a header of ours, so
/// the lookup reads that header on what Sent holds around the attempt: a provider files a message within moments of
/// taking it, whenever the retry comes.
/// </summary>
public static class GmailSendMarker
{
    public const string Header = "X-AiCaller-Send-Key";

    /// <summary>The most sent messages a lookup reads before it gives up on an answer.</summary>
    public const int MaxCandidates = 500;

    // Wide enough for a clock apart from Google's by minutes and a send that took long to be taken.
    private static readonly TimeSpan Before = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan After = TimeSpan.FromMinutes(15);

    /// <summary>Gmail search for the sent messages around an attempt (epoch seconds are exact in after: and before:).</summary>
    public static string SentAround(DateTimeOffset attemptedAt) =>
        $"in:sent after:{(attemptedAt - Before).ToUnixTimeSeconds()} before:{(attemptedAt + After).ToUnixTimeSeconds()}";
}
