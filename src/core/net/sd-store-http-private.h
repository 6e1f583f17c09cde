/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What both store connections send their requests through: one SoupSession kept alive,
 * blocking sends with a timeout, and the retry loop — backoff with jitter after server
 * errors and dropped connections, the store's own wait after a rate limit, a few more
 * tries for an answer that came garbled — with every wait told to the wait function and
 * cut short by the cancellable. */

#include <libsoup/soup.h>

#include "sd-store-connect.h"

G_BEGIN_DECLS

typedef struct _SdStoreHttp SdStoreHttp;

typedef enum
{
  SD_STORE_HTTP_DONE,      /* the answer is good and used */
  SD_STORE_HTTP_RETRY,     /* send again after a wait; the error is what to report when no
                            * try is left */
  SD_STORE_HTTP_GARBLED,   /* the answer is not the protocol's shape (a proxy may have
                            * garbled it): tried again after the backoff, then the error */
  SD_STORE_HTTP_FAILED,    /* final: the error says why */
} SdStoreHttpVerdict;

typedef struct
{
  double      wait_seconds;    /* RETRY: how long (the store said); < 0: the backoff */
  char       *reason;         /* RETRY: why, for the wait function ("rate limited by the
                               * store"), freed by the loop; NULL: "server error" */
} SdStoreHttpRetry;

/* A new request for each try (TOP signs every try with a fresh timestamp). */
typedef SoupMessage        *(*SdStoreHttpBuildFunc) (gpointer user_data);
/* Judges an answer that came whole (any HTTP status). */
typedef SdStoreHttpVerdict  (*SdStoreHttpJudgeFunc) (SoupMessage      *message,
                                                     GBytes           *body,
                                                     gpointer          user_data,
                                                     SdStoreHttpRetry *retry,
                                                     GError          **error);

/* The session and retry settings of CONFIG (0: the defaults of SdStoreConfig). */
SdStoreHttp *sd_store_http_new     (const SdStoreConfig *config);
void         sd_store_http_free    (SdStoreHttp         *http);

/* Sends until JUDGE says DONE or FAILED, the tries run out, or CANCELLABLE fires
 * (G_IO_ERROR_CANCELLED). CALL names the request in messages ("taobao.trades.sold.get").
 * Connections that drop and bodies cut short are tried again like server errors; a host
 * that cannot be reached at all fails at once (SD_ERROR_NETWORK). */
gboolean     sd_store_http_run     (SdStoreHttp         *http,
                                    const char          *call,
                                    SdStoreHttpBuildFunc build,
                                    SdStoreHttpJudgeFunc judge,
                                    gpointer             user_data,
                                    GCancellable        *cancellable,
                                    GError             **error);

/* The wait before retry ATTEMPT (1: the first retry): BACKOFF_MS doubled each time up to
 * a ceiling, times a jitter factor in [0.5, 1.5) from JITTER in [0, 1). */
double       sd_store_backoff_seconds (guint   backoff_ms,
                                       guint   attempt,
                                       double  jitter);

/* Sleeps SECONDS unless CANCELLABLE fires first (then FALSE, G_IO_ERROR_CANCELLED). */
gboolean     sd_store_sleep        (double        seconds,
                                    GCancellable *cancellable,
                                    GError      **error);

/* Whether a transport ERROR means the host could not be reached at all (no name, refused,
 * no route, TLS failed): the request never left. */
gboolean     sd_store_http_is_unreachable (const GError *error);

/* Retry-After as seconds ("2", "2.0"); FALLBACK when absent or not a number. */
double       sd_store_parse_retry_after (const char *value,
                                         double      fallback);

G_END_DECLS
