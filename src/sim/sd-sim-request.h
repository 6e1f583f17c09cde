/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sd-sim-faults.h"
#include "sd-sim-shop.h"

G_BEGIN_DECLS

/* One request as the platform modules (sd-sim-taobao.c, sd-sim-shopify.c, sd-sim-admin.c)
 * see it, and the answer they give back; sd-sim-server.c does the HTTP around them. */

/* libsoup 3.2 has no name for it. */
#define SD_SIM_STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  SD_SIM_PLATFORM_TAOBAO,
  SD_SIM_PLATFORM_SHOPIFY,
} SdSimPlatform;

/* The shop's credentials and limits: what the command line said. */
typedef struct
{
  SdSimPlatform platform;
  char         *app_key;
  char         *app_secret;
  char         *session;
  char         *token;
  guint         page_max;
  guint32       seed;
} SdSimConfig;

/* How a successful answer is to be spoiled (--malformed-rate): the platform module applies the
 * field-level kinds to the first record it writes; the server the others to the whole body. */
typedef enum
{
  SD_SIM_MALFORM_NONE,
  SD_SIM_MALFORM_NOT_JSON,
  SD_SIM_MALFORM_BROKEN_JSON,
  SD_SIM_MALFORM_MISSING_FIELD,
  SD_SIM_MALFORM_MISTYPED_FIELD,
  SD_SIM_N_MALFORMS,
} SdSimMalform;

typedef struct
{
  SdSimShop          *shop;
  SdSimFaults        *faults;
  const SdSimConfig  *config;
  const char         *method;      /* "GET", "POST" */
  const char         *path;
  GHashTable         *params;      /* the query and a form body, merged */
  SoupMessageHeaders *headers;
  const char         *base_url;    /* "http://127.0.0.1:PORT", for Link headers */
  const char         *request_id;
  gint64              real_now;    /* Unix seconds */
  guint64             n_requests;  /* platform requests so far, this one included */
  SdSimMalform        malform;
} SdSimRequest;

typedef struct
{
  guint        status;
  const char  *content_type;
  GString     *body;
  GPtrArray   *headers;            /* name, value, name, value… */
  gboolean     served_page;        /* a page of orders: --modify-during-paging applies */
  gboolean     malformed;          /* the module applied request->malform */
} SdSimAnswer;

SdSimAnswer *sd_sim_answer_new            (guint         status,
                                           const char   *content_type);
SdSimAnswer *sd_sim_answer_new_json       (guint         status);
SdSimAnswer *sd_sim_answer_new_gateway    (guint         status);
void         sd_sim_answer_add_header     (SdSimAnswer  *self,
                                           const char   *name,
                                           const char   *value);
void         sd_sim_answer_spoil          (SdSimAnswer  *self,
                                           SdSimMalform  malform);
void         sd_sim_answer_free           (SdSimAnswer  *self);

const char  *sd_sim_status_phrase         (guint         status);
const char  *sd_sim_request_param         (const SdSimRequest *request,
                                           const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSimAnswer, sd_sim_answer_free)

G_END_DECLS
