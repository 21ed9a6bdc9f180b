using System.ComponentModel;
using System.Text.Json.Serialization;
using AiCaller.Email.Api.Validation;

namespace AiCaller.Email.Api.Contracts;

/// <summary>
/// The send request as clients write it (SPEC §4); <see cref="SendMailValidator"/> checks it. The required members
/// are nullable too, so that the validator, not the deserializer, says what is missing.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SendMailBody(
    [property: JsonConverter(typeof(OneOrManyStringsConverter)), Description("Recipients: one address or an array")]
    IReadOnlyList<string>? To,
    [property: Description("Header-safe subject: at most 998 characters, no CR or LF")]
    string? Subject,
    [property: Description("Plain-text body; at least one of body and body_html")]
    string? Body = null,
    [property: Description("HTML body; at least one of body and body_html")]
    string? BodyHtml = null,
    [property: JsonConverter(typeof(OneOrManyStringsConverter)), Description("One address or an array")]
    IReadOnlyList<string>? Cc = null,
    [property: JsonConverter(typeof(OneOrManyStringsConverter)), Description("One address or an array")]
    IReadOnlyList<string>? Bcc = null,
    [property: Description("One address")]
    string? ReplyTo = null,
    IReadOnlyList<AttachmentBody?>? Attachments = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttachmentBody(
    string? Filename,
    [property: Description("Base64 of the file's bytes")] string? ContentBase64,
    [property: Description("Media type; application/octet-stream when left out")] string? ContentType = null);
