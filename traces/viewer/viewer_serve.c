/* `hypsim view --serve`: the page over HTTP/1.0 on the loopback interface, for
 * a browser on the same machine (or through an SSH tunnel). It answers GET and
 * HEAD of the page and nothing else, and bounds what a client can make it do:
 * one request per connection, its header at most REQUEST_MAX bytes read within
 * TIMEOUT_S seconds, at most MAX_THREADS connections served at once (more wait
 * in the listen backlog). A Host header other than the loopback address or
 * "localhost" is refused, so a web page cannot read the trace through a DNS
 * name rebound to 127.0.0.1. */
#include "traces/viewer/viewer.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib-unix.h>

enum { REQUEST_MAX = 8192, TIMEOUT_S = 10, MAX_THREADS = 4, BACKLOG = 16 };

/* Owned by the service, so that it outlives connections still being served. */
typedef struct serve_state {
    GBytes *page;
    unsigned port;
} serve_state;

static void serve_state_free(gpointer p)
{
    serve_state *st = p;
    g_bytes_unref(st->page);
    g_free(st);
}

static void respond(GOutputStream *out, const char *status, const char *type, const void *body,
                    gsize len, bool head, const char *extra)
{
    char *hdr = g_strdup_printf("HTTP/1.0 %s\r\n"
                                "Content-Type: %s\r\n"
                                "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                "Cache-Control: no-store\r\n"
                                "X-Content-Type-Options: nosniff\r\n"
                                "Referrer-Policy: no-referrer\r\n"
                                "Cross-Origin-Resource-Policy: same-origin\r\n"
                                "%s"
                                "Connection: close\r\n\r\n",
                                status, type, len, extra ? extra : "");
    g_output_stream_write_all(out, hdr, strlen(hdr), NULL, NULL, NULL);
    if (!head && len) {
        g_output_stream_write_all(out, body, len, NULL, NULL, NULL);
    }
    g_free(hdr);
}

static void respond_text(GOutputStream *out, const char *status, bool head, const char *extra)
{
    char *body = g_strdup_printf("%s\n", status);
    respond(out, status, "text/plain; charset=utf-8", body, strlen(body), head, extra);
    g_free(body);
}

/* Reads the request line and headers (up to the empty line); NULL when the
 * client sends too much, too slowly, or closes. */
static char *read_request(GInputStream *in, bool *too_large)
{
    char *buf = g_malloc(REQUEST_MAX + 1);
    gsize len = 0;

    *too_large = false;
    while (len < REQUEST_MAX) {
        gssize got = g_input_stream_read(in, buf + len, REQUEST_MAX - len, NULL, NULL);
        if (got <= 0) {
            break;
        }
        len += (gsize)got;
        buf[len] = 0;
        if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n")) {
            return buf;
        }
    }
    *too_large = len >= REQUEST_MAX;
    g_free(buf);
    return NULL;
}

/* The loopback names a browser on this machine sends: 127.0.0.1 or localhost,
 * with this port or none. */
static bool host_ok(const char *host, unsigned port)
{
    static const char *const names[] = { "127.0.0.1", "localhost" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        size_t n = strlen(names[i]);
        if (g_ascii_strncasecmp(host, names[i], n)) {
            continue;
        }
        if (!host[n]) {
            return true;
        }
        if (host[n] == ':') {
            char *end;
            guint64 p = g_ascii_strtoull(host + n + 1, &end, 10);
            return !*end && p == port;
        }
    }
    return false;
}

static gboolean serve_connection(GThreadedSocketService *svc, GSocketConnection *conn,
                                 GObject *source, gpointer opaque)
{
    serve_state *st = opaque;
    GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(conn));
    GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(conn));
    char *req, **lines, **parts, *host = NULL;
    bool too_large, head;

    (void)svc;
    (void)source;
    g_socket_set_timeout(g_socket_connection_get_socket(conn), TIMEOUT_S);
    req = read_request(in, &too_large);
    if (!req) {
        if (too_large) {
            respond_text(out, "431 Request Header Fields Too Large", false, NULL);
        }
        return TRUE;
    }
    lines = g_strsplit_set(req, "\r\n", -1);
    parts = g_strsplit(lines[0], " ", 4);
    for (char **l = lines + 1; *l; l++) {
        if (!g_ascii_strncasecmp(*l, "Host:", 5)) {
            host = g_strstrip(*l + 5);
        }
    }
    head = parts[0] && !strcmp(parts[0], "HEAD");
    if (g_strv_length(parts) != 3 || !g_str_has_prefix(parts[2], "HTTP/1.")) {
        respond_text(out, "400 Bad Request", false, NULL);
    } else if (strcmp(parts[0], "GET") && !head) {
        respond_text(out, "405 Method Not Allowed", false, "Allow: GET, HEAD\r\n");
    } else if (!host || !host_ok(host, st->port)) {
        respond_text(out, "403 Forbidden", head, NULL);
    } else if (strcmp(parts[1], "/") && strcmp(parts[1], "/index.html")) {
        respond_text(out, "404 Not Found", head, NULL);
    } else {
        respond(out, "200 OK", "text/html; charset=utf-8", g_bytes_get_data(st->page, NULL),
                g_bytes_get_size(st->page), head, NULL);
    }
    g_strfreev(parts);
    g_strfreev(lines);
    g_free(req);
    return TRUE;
}

static gboolean quit_loop(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

bool hs_viewer_serve(GBytes *page, unsigned port, void (*ready)(const char *url, void *opaque),
                     void *opaque, char **msg)
{
    serve_state *st = g_new0(serve_state, 1);
    GSocketService *svc = g_threaded_socket_service_new(MAX_THREADS);
    GInetAddress *lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
    GSocketAddress *want = g_inet_socket_address_new(lo, (guint16)port);
    GSocketAddress *got = NULL;
    GMainLoop *loop;
    GError *err = NULL;
    char *url;
    guint sigint, sigterm;

    g_socket_listener_set_backlog(G_SOCKET_LISTENER(svc), BACKLOG);
    if (!g_socket_listener_add_address(G_SOCKET_LISTENER(svc), want, G_SOCKET_TYPE_STREAM,
                                       G_SOCKET_PROTOCOL_TCP, NULL, &got, &err)) {
        *msg = g_strdup_printf("cannot listen on 127.0.0.1 port %u: %s", port, err->message);
        g_error_free(err);
        g_object_unref(want);
        g_object_unref(lo);
        g_object_unref(svc);
        g_free(st);
        return false;
    }
    st->page = g_bytes_ref(page);
    st->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(got));
    g_object_set_data_full(G_OBJECT(svc), "hs-serve-state", st, serve_state_free);
    g_signal_connect(svc, "run", G_CALLBACK(serve_connection), st);
    g_socket_service_start(svc);

    loop = g_main_loop_new(NULL, FALSE);
    sigint = g_unix_signal_add(SIGINT, quit_loop, loop);
    sigterm = g_unix_signal_add(SIGTERM, quit_loop, loop);
    url = g_strdup_printf("http://127.0.0.1:%u/", st->port);
    ready(url, opaque);
    g_main_loop_run(loop);

    g_source_remove(sigint);
    g_source_remove(sigterm);
    g_socket_service_stop(svc);
    g_socket_listener_close(G_SOCKET_LISTENER(svc));
    g_main_loop_unref(loop);
    g_free(url);
    g_object_unref(got);
    g_object_unref(want);
    g_object_unref(lo);
    g_object_unref(svc);
    return true;
}
