namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>Minimum, maximum, mean and population standard deviation of a set of values.</summary>
public sealed record SpreadStatistics(int Count, double Min, double Max, double Mean, double StdDev)
{
    public double Range => Max - Min;

    public static SpreadStatistics Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new SpreadStatistics(0, 0, 0, 0, 0);
        }

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return new SpreadStatistics(values.Count, values.Min(), values.Max(), mean, Math.Sqrt(variance));
    }
}
