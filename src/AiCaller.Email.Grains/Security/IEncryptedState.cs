namespace AiCaller.Email.Grains.Security;

/// <summary>
/// Grain state that can be told its stored form could not be decrypted (the keys changed), instead of failing its
/// grain's activation: the grain then starts from an empty state that says so.
/// </summary>
public interface IEncryptedState
{
    /// <summary>Set by <see cref="EncryptedGrainStorageSerializer"/>; never stored.</summary>
    bool Unreadable { get; set; }
}
