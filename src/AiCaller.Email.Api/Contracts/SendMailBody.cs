using System.Text.Json.Serialization;
using AiCaller.Email.Api.Validation;

namespace AiCaller.Email.Api.Contracts;

/// <summary>The send request as clients write it (SPEC §4); <see cref="SendMailValidator"/> checks it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SendMailBody(
    [property: JsonConverter(typeof(OneOrManyStringsConverter))] IReadOnlyList<string>? To,
    [property: JsonConverter(typeof(OneOrManyStringsConverter))] IReadOnlyList<string>? Cc,
    [property: JsonConverter(typeof(OneOrManyStringsConverter))] IReadOnlyList<string>? Bcc,
    string? Subject,
    string? Body,
    string? BodyHtml,
    string? ReplyTo,
    IReadOnlyList<AttachmentBody?>? Attachments);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttachmentBody(string? Filename, string? ContentType, string? ContentBase64);
