namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Marks a grain method that changes nothing (or nothing twice): a client may call it again when the silo that was
/// running it went away mid-call, as happens while a killed silo's grains move to a live one.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SafeToRetryAttribute : Attribute;
