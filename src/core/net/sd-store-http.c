/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-store-http"

#include <errno.h>
#include <math.h>
#include <poll.h>

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-store-http-private.h"
#include "sd-store-values-private.h"

#define DEFAULT_MAX_ATTEMPTS 6
#define DEFAULT_BACKOFF_MS 500
#define DEFAULT_TIMEOUT_S 30
/* Idle keep-alive connections close after this: a sync pages without pause. */
#define IDLE_TIMEOUT_S 60
#define BACKOFF_CEILING_S 30.0

struct _SdStoreHttp
{
  SoupSession    *session;
  guint           max_attempts;
  guint           backoff_ms;
  SdStoreWaitFunc wait_func;
  gpointer        wait_data;
  GStrv           secrets;     /* taken out of every message that leaves the loop */
};

static GStrv
secrets_of (const SdStoreConfig *config)
{
  g_autoptr(GStrvBuilder) secrets = g_strv_builder_new ();

  if (config->app_secret != NULL)
    g_strv_builder_add (secrets, config->app_secret);
  if (config->session_key != NULL)
    g_strv_builder_add (secrets, config->session_key);
  if (config->access_token != NULL)
    g_strv_builder_add (secrets, config->access_token);
  return g_strv_builder_end (secrets);
}

SdStoreHttp *
sd_store_http_new (const SdStoreConfig *config)
{
  SdStoreHttp *http = g_new0 (SdStoreHttp, 1);
  guint timeout = config->timeout_s ? config->timeout_s : DEFAULT_TIMEOUT_S;

  /* Configured here, before any request: from now on it is only sent through, which
   * libsoup ≥ 3.2 allows from any thread (the sync's worker). */
  http->session = soup_session_new_with_options ("timeout", timeout,
                                                 "idle-timeout", IDLE_TIMEOUT_S,
                                                 "user-agent", "ShopDesk/" SHOPDESK_VERSION,
                                                 NULL);
  http->max_attempts = config->max_attempts ? config->max_attempts : DEFAULT_MAX_ATTEMPTS;
  http->backoff_ms = config->backoff_ms ? config->backoff_ms : DEFAULT_BACKOFF_MS;
  http->wait_func = config->wait_func;
  http->wait_data = config->wait_data;
  http->secrets = secrets_of (config);
  return http;
}

void
sd_store_http_free (SdStoreHttp *http)
{
  if (http == NULL)
    return;
  g_clear_object (&http->session);
  g_strfreev (http->secrets);
  g_free (http);
}

double
sd_store_backoff_seconds (guint  backoff_ms,
                          guint  attempt,
                          double jitter)
{
  double base = backoff_ms / 1000.0;

  /* Doubling past the ceiling only overflows: stop early. */
  for (guint i = 1; i < attempt && base < BACKOFF_CEILING_S; i++)
    base *= 2;
  base = MIN (base, BACKOFF_CEILING_S);
  return base * (0.5 + CLAMP (jitter, 0.0, 1.0));
}

gboolean
sd_store_sleep (double        seconds,
                GCancellable *cancellable,
                GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  struct pollfd pfd = { -1, POLLIN, 0 };

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (cancellable != NULL)
    pfd.fd = g_cancellable_get_fd (cancellable);

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      int timeout_ms;

      if (left <= 0 || g_cancellable_is_cancelled (cancellable))
        break;
      /* Without a descriptor to wait on, look at the cancellable every 50 ms. */
      timeout_ms = (int) MIN ((left + 999) / 1000, pfd.fd >= 0 ? G_MAXINT : 50);
      if (poll (&pfd, pfd.fd >= 0 ? 1 : 0, timeout_ms) < 0 && errno != EINTR)
        break;
    }

  if (pfd.fd >= 0)
    g_cancellable_release_fd (cancellable);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

double
sd_store_parse_retry_after (const char *value,
                            double      fallback)
{
  char *end = NULL;
  double seconds;

  if (value == NULL)
    return fallback;
  seconds = g_ascii_strtod (value, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == value || end == NULL || *end != '\0' || !isfinite (seconds) || seconds < 0)
    return fallback;
  return seconds;
}

/* Nothing will answer there however often it is tried: say so at once. */
gboolean
sd_store_http_is_unreachable (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         error->domain == G_TLS_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
}

/* A failure to send or to read the whole answer, as a verdict. */
static SdStoreHttpVerdict
judge_transport_error (SoupMessage      *message,
                       const char       *call,
                       GError           *transport_error,
                       SdStoreHttpRetry *retry,
                       GError          **error)
{
  GUri *uri = soup_message_get_uri (message);
  const char *host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "?";

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (transport_error));
      return SD_STORE_HTTP_FAILED;
    }
  if (sd_store_http_is_unreachable (transport_error))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
                   _("Cannot reach the store at %s (%s)."), host, transport_error->message);
      return SD_STORE_HTTP_FAILED;
    }
  g_set_error (error, SD_ERROR, SD_ERROR_NETWORK,
               _("The connection to the store at %s failed during %s, and trying again did not help (%s)."),
               host, call, transport_error->message);
  retry->reason = g_strdup (_("the connection to the store dropped"));
  return SD_STORE_HTTP_RETRY;
}

/* A body shorter than its Content-Length: the connection closed early. libsoup hands over
 * what came, and a cut that falls between two JSON values would even parse. */
static gboolean
cut_short (SoupMessage  *message,
           GBytes       *body,
           GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  goffset expected;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return FALSE;
  expected = soup_message_headers_get_content_length (headers);
  if ((goffset) g_bytes_get_size (body) >= expected)
    return FALSE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
               _("the answer was cut short after %lld of %lld bytes"),
               (long long) g_bytes_get_size (body), (long long) expected);
  return TRUE;
}

gboolean
sd_store_http_run (SdStoreHttp         *http,
                   const char          *call,
                   SdStoreHttpBuildFunc build,
                   SdStoreHttpJudgeFunc judge,
                   gpointer             user_data,
                   GCancellable        *cancellable,
                   GError             **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(SoupMessage) message = build (user_data);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GError) verdict_error = NULL;
      g_autoptr(GBytes) body = NULL;
      SdStoreHttpRetry retry = { -1, NULL };
      g_autofree char *reason = NULL;
      SdStoreHttpVerdict verdict;
      double wait;

      body = soup_session_send_and_read (http->session, message, cancellable, &local_error);
      if (body != NULL && cut_short (message, body, &local_error))
        g_clear_pointer (&body, g_bytes_unref);
      if (body == NULL)
        verdict = judge_transport_error (message, call, local_error, &retry, &verdict_error);
      else
        verdict = judge (message, body, user_data, &retry, &verdict_error);
      reason = g_steal_pointer (&retry.reason);
      g_assert (verdict == SD_STORE_HTTP_DONE || verdict_error != NULL);
      /* A store may echo what it was sent; nothing secret goes on from here. */
      sd_store_redact_error (verdict_error, (const char * const *) http->secrets);

      if (verdict == SD_STORE_HTTP_DONE)
        return TRUE;
      if (verdict == SD_STORE_HTTP_FAILED || attempt >= http->max_attempts)
        {
          g_propagate_error (error, g_steal_pointer (&verdict_error));
          return FALSE;
        }

      if (verdict == SD_STORE_HTTP_GARBLED)
        {
          g_free (reason);
          reason = g_strdup (_("the store’s answer came garbled"));
        }
      wait = verdict == SD_STORE_HTTP_RETRY && retry.wait_seconds >= 0
             ? retry.wait_seconds
             : sd_store_backoff_seconds (http->backoff_ms, attempt, g_random_double ());
      g_debug ("%s: try %u failed (%s), waiting %.1f s", call, attempt, verdict_error->message, wait);
      if (http->wait_func != NULL)
        http->wait_func (wait, reason != NULL ? reason : _("server error"), http->wait_data);
      if (!sd_store_sleep (wait, cancellable, error))
        return FALSE;
    }
}
