namespace AiCaller.Email.Grains.Hosting;

/// <summary>The host cannot start as configured; the message says why and what to do, and is all the operator needs to see.</summary>
public sealed class StartupRefusedException(string message, Exception? innerException = null) : Exception(message, innerException);
