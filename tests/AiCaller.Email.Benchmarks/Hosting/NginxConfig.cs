using System.Globalization;
using System.Text;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The configuration of the throwaway nginx: one server that answers like Gmail and Graph from canned files (the
/// floor, "direct"), and one plain reverse proxy in front of it with keep-alive to its upstream, as an operator would
/// put one in front of a service ("proxy"). Everything it writes stays under its own prefix directory.
/// </summary>
public static class NginxConfig
{
    /// <param name="logCalls">
    /// True while the operations are tried once: the canned server then logs each call the product makes (method, URI,
    /// status, content type and length, and the body) to <c>calls.log</c>, and answers the two sends through a proxy hop
    /// to itself, because nginx reads a request's body (and can log it) only when it passes the request on. Off while
    /// measuring, where a log line per request would cost the floor more than it costs the product.
    /// </param>
    public static string Build(string prefix, int cannedPort, int proxyPort, Uri emulator, bool logCalls)
    {
        var canned = Path.Combine(prefix, "canned");
        var emulatorRoot = emulator.GetLeftPart(UriPartial.Authority);
        var gmailSend = Quote(CannedAnswers.Read(CannedAnswers.GmailSend));
        var notCanned = Quote("""{"error":{"code":404,"message":"not canned by the benchmark","status":"NOT_FOUND"}}""");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            # Written by AiCaller.Email.Benchmarks (routed) for one run; deleted with its directory.
            daemon off;
            worker_processes auto;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;

            events {
                worker_connections 4096;
            }

            http {
                access_log off;
                client_body_temp_path {{prefix}}/temp/client_body;
                proxy_temp_path {{prefix}}/temp/proxy;
                fastcgi_temp_path {{prefix}}/temp/fastcgi;
                uwsgi_temp_path {{prefix}}/temp/uwsgi;
                scgi_temp_path {{prefix}}/temp/scgi;
                server_tokens off;
                sendfile on;
                tcp_nopush on;
                tcp_nodelay on;
                open_file_cache max=64 inactive=1h;
                # Google and Microsoft keep connections open for many requests; nginx's default closes them after 1000.
                keepalive_requests 1000000;
                keepalive_timeout 120s;
                log_format calls escape=json '$request_method\t$request_uri\t$status\t$content_type\t$content_length\t$request_body';
                client_body_buffer_size 64k;
                types { }
                default_type application/json;

                # The provider stand-in: the product's GMAIL_API_BASE_URL and GRAPH_API_BASE_URL (…/v1.0) point here.
                server {
                    listen 127.0.0.1:{{cannedPort}};
                    root {{canned}};
                    etag off;
                    {{(logCalls ? $"access_log {prefix}/calls.log calls;" : "access_log off;")}}

                    # Gmail users.messages.list: ten references for maxResults=10, else the list of one.
                    location = /gmail/v1/users/me/messages {
                        default_type "{{CannedAnswers.GmailContentType}}";
                        try_files /gmail-messages-list-$arg_maxResults.json /{{CannedAnswers.GmailMessagesList}} =404;
                    }

                    # Gmail's batch endpoint: the metadata of the list of 10, one part per call. The answer is too long for
                    # 'return' (nginx caps a parameter at 4 KB) and nginx sends files only to a GET: error_page's internal
                    # redirect turns the POST into a GET of the file.
                    location = /batch/gmail/v1 {
                        {{(logCalls ? $"proxy_pass http://127.0.0.1:{cannedPort}/_canned/gmail-batch;" : "error_page 418 =200 /_canned/gmail-batch-answer;")}}
                        {{(logCalls ? string.Empty : "return 418;")}}
                    }

                    location = /_canned/gmail-batch {
                        access_log off;
                        error_page 418 =200 /_canned/gmail-batch-answer;
                        return 418;
                    }

                    location = /_canned/gmail-batch-answer {
                        internal;
                        access_log off;
                        default_type "{{CannedBatchAnswer.ContentType}}";
                        try_files /{{CannedBatchAnswer.FileName}} =404;
                    }

                    # Gmail users.messages.get for any id, in the format asked for (full for a get, metadata for a list).
                    location ~ ^/gmail/v1/users/me/messages/[^/]+$ {
                        default_type "{{CannedAnswers.GmailContentType}}";
                        try_files /gmail-message-$arg_format.json =404;
                    }

                    # Gmail users.messages.send, media upload (a static file cannot answer a POST).
                    location = /upload/gmail/v1/users/me/messages/send {
                        {{(logCalls ? $"proxy_pass http://127.0.0.1:{cannedPort}/_canned/gmail-send;" : "default_type \"" + CannedAnswers.GmailContentType + "\";")}}
                        {{(logCalls ? string.Empty : $"return 200 {gmailSend};")}}
                    }

                    location = /_canned/gmail-send {
                        access_log off;
                        default_type "{{CannedAnswers.GmailContentType}}";
                        return 200 {{gmailSend}};
                    }

                    # Graph GET /me/messages/{id}.
                    location ~ ^/v1\.0/me/messages/[^/]+$ {
                        default_type "{{CannedAnswers.GraphContentType}}";
                        try_files /{{CannedAnswers.GraphMessage}} =404;
                    }

                    # Graph POST /me/sendMail: 202 Accepted, no body.
                    location = /v1.0/me/sendMail {
                        {{(logCalls ? $"proxy_pass http://127.0.0.1:{cannedPort}/_canned/graph-send-mail;" : "return 202;")}}
                    }

                    location = /_canned/graph-send-mail {
                        access_log off;
                        return 202;
                    }

                    # Who the mailbox is (asked once, when it connects): the emulator knows each user's address.
                    location = /gmail/v1/users/me/profile {
                        proxy_pass {{emulatorRoot}};
                    }

                    location = /v1.0/me {
                        proxy_pass {{emulatorRoot}};
                    }

                    # Anything else is a call this stand-in does not know: visible as 404 in the calls log and the product's answer.
                    location / {
                        return 404 {{notCanned}};
                    }
                }

                upstream canned {
                    server 127.0.0.1:{{cannedPort}};
                    keepalive 128;
                }

                # The reverse proxy an operator could put in front instead: forwards every request, parses nothing.
                server {
                    listen 127.0.0.1:{{proxyPort}};

                    location / {
                        proxy_pass http://canned;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
            }

            """);
        return text.ToString();
    }

    /// <summary>
    /// A single-quoted nginx string. nginx has no escape for '$' (it would start a variable), so text that holds one is
    /// refused rather than sent wrong; files served with try_files need no quoting.
    /// </summary>
    private static string Quote(string text)
    {
        if (text.Contains('$', StringComparison.Ordinal))
        {
            throw new ArgumentException("a canned answer returned from the configuration cannot hold '$'", nameof(text));
        }

        var quoted = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return $"'{quoted}'";
    }
}
