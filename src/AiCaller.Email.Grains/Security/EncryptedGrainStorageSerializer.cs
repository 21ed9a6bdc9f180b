using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Orleans.Storage;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// Serializes grain state with System.Text.Json and encrypts it with Data Protection before any storage
/// provider sees it, so tokens are encrypted at rest in every store (files or PostgreSQL) alike.
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

    public T Deserialize<T>(BinaryData input)
    {
        var json = _protector.Unprotect(input.ToArray());
        return JsonSerializer.Deserialize<T>(json, JsonOptions)
            ?? throw new InvalidOperationException($"Stored state of type {typeof(T).Name} is empty.");
    }
}
