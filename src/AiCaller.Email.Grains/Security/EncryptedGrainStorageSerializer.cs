using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Orleans.Storage;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// Serializes grain state with System.Text.Json and encrypts it with Data Protection before any storage
/// provider sees it, so tokens are encrypted at rest in every store alike.
/// </summary>
public sealed class EncryptedGrainStorageSerializer(IDataProtectionProvider dataProtection) : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.General)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IDataProtector _protector = dataProtection.CreateProtector("AiCaller.Email.GrainState.v1");

    public BinaryData Serialize<T>(T? input)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(input, JsonOptions);
        return new BinaryData(_protector.Protect(json));
    }

    /// <exception cref="CryptographicException">The keys that encrypted it are gone, and <typeparamref name="T"/> cannot say so.</exception>
    public T Deserialize<T>(BinaryData input)
    {
        try
        {
            var json = _protector.Unprotect(input.ToArray());
            return JsonSerializer.Deserialize<T>(json, JsonOptions)
                ?? throw new JsonException($"Stored state of type {typeof(T).Name} is JSON null.");
        }
        catch (CryptographicException) when (typeof(IEncryptedState).IsAssignableFrom(typeof(T)))
        {
            var empty = Activator.CreateInstance<T>();
            ((IEncryptedState)empty!).Unreadable = true;
            return empty;
        }
    }
}
