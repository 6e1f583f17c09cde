/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-store-connection.h"

G_BEGIN_DECLS

typedef enum
{
  SD_TOP_SIGN_MD5,
  SD_TOP_SIGN_HMAC,
  SD_TOP_SIGN_HMAC_SHA256,
} SdTopSignMethod;

/* Told before a connection sleeps to retry: how long, and why, in words for a person
 * ("rate limited by the store", "server error 502"). Called on the fetching thread. */
typedef void (*SdStoreWaitFunc) (double      seconds,
                                 const char *reason,
                                 gpointer    user_data);

/* What a connection needs. Strings are copied. */
typedef struct
{
  const char     *url;            /* Taobao: the router (…/router/rest); Shopify: the shop's
                                   * base URL (https://x.myshopify.com, http://127.0.0.1:P) */
  /* Taobao TOP */
  const char     *app_key;
  const char     *app_secret;
  const char     *session_key;
  SdTopSignMethod sign_method;
  /* Shopify */
  const char     *access_token;
  const char     *api_version;    /* NULL: "2024-01" */
  /* Both; 0 means the default */
  guint           page_size;      /* Taobao 100 (max 100), Shopify 250 (max 250) */
  guint           max_attempts;   /* tries of one request before giving up: 6 */
  guint           backoff_ms;     /* first wait after a server error, doubled each time, with
                                   * jitter: 500 */
  guint           timeout_s;      /* one request: 30 */
  SdStoreWaitFunc wait_func;
  gpointer        wait_data;
} SdStoreConfig;

/* PLATFORM is "taobao" or "shopify". A missing or malformed URL or credential gives NULL
 * and SD_ERROR_INVALID_INPUT naming it (never its value). */
SdStoreConnection *sd_store_connection_new (const char          *platform,
                                            const SdStoreConfig *config,
                                            GError             **error);

const char *sd_top_sign_method_to_string   (SdTopSignMethod  method);   /* "md5", "hmac", "hmac-sha256" */
gboolean    sd_top_sign_method_from_string (const char      *text,
                                            SdTopSignMethod *out_method);

/* The TOP signature of PARAMS (name → value; "sign" and empty values are left out):
 * uppercase hex. */
char       *sd_top_sign                    (GHashTable      *params,
                                            const char      *secret,
                                            SdTopSignMethod  method);

G_END_DECLS
