namespace AiCaller.Email.Grains.Storage;

/// <summary>Instants as whole milliseconds since 1970 UTC: how our tables store time, sortable and free of time zones.</summary>
public static class UnixTime
{
    public static long ToMilliseconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long ToMilliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
