namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// When the product refreshes a token of a given lifetime: <see cref="LeadSeconds"/> plus up to <see cref="JitterSeconds"/>
/// before expiry, each capped at a quarter of the lifetime as the product caps them (RefreshSchedule).
/// </summary>
public sealed record RefreshWindow(double LeadSeconds, double JitterSeconds)
{
    public static RefreshWindow For(int lifetimeSeconds, TimeSpan lead, TimeSpan jitter)
    {
        var quarter = lifetimeSeconds / 4.0;
        return new RefreshWindow(Math.Min(lead.TotalSeconds, quarter), Math.Min(jitter.TotalSeconds, quarter));
    }

    /// <summary>The earliest a proactive refresh is due, in seconds before expiry.</summary>
    public double EarliestSeconds => LeadSeconds + JitterSeconds;
}
