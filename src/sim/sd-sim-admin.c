/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-admin.h"

#include <string.h>

#include "sd-sim-format.h"
#include "sd-sim-shopify.h"
#include "sd-sim-taobao.h"

SdSimAnswer *
sd_sim_admin_error (guint       status,
                    const char *message)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (status);

  g_string_append (answer->body, "{\"error\":");
  sd_sim_append_string (answer->body, message);
  g_string_append_c (answer->body, '}');
  return answer;
}

static gboolean
is_taobao (const SdSimRequest *request)
{
  return request->config->platform == SD_SIM_PLATFORM_TAOBAO;
}

/* An order's platform id, as a JSON string. */
static void
append_order_id (GString            *out,
                 const SdSimRequest *request,
                 guint               index)
{
  guint64 id = is_taobao (request) ? sd_sim_taobao_tid (index) : sd_sim_shopify_order_id (index);

  g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", id);
}

static void
append_ids (GString            *out,
            const SdSimRequest *request,
            GArray             *indices)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < indices->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_order_id (out, request, g_array_index (indices, guint, i));
    }
  g_string_append_c (out, ']');
}

static SdSimAnswer *
state (const SdSimRequest *request)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  GString *b = answer->body;
  gint64 now = sd_sim_shop_get_now (request->shop);

  g_string_append (b, "{\"platform\":");
  sd_sim_append_string (b, is_taobao (request) ? "taobao" : "shopify");
  g_string_append (b, ",\"now_unix\":");
  sd_sim_append_int (b, now);
  g_string_append (b, ",\"now\":");
  sd_sim_append_top_time (b, now);
  g_string_append (b, ",\"orders\":");
  sd_sim_append_int (b, sd_sim_shop_get_n_orders (request->shop));
  g_string_append (b, ",\"customers\":");
  sd_sim_append_int (b, sd_sim_shop_get_n_customers (request->shop));
  g_string_append (b, ",\"requests\":");
  sd_sim_append_int (b, (gint64) request->n_requests);
  g_string_append (b, ",\"faults\":");
  sd_sim_append_int (b, (gint64) sd_sim_faults_get_total (request->faults));
  g_string_append (b, ",\"fault_counts\":");
  sd_sim_faults_append_counts (request->faults, b);
  g_string_append (b, ",\"settings\":");
  sd_sim_faults_append_settings (request->faults, b);
  g_string_append (b, "}\n");
  return answer;
}

static gboolean
count_param (const SdSimRequest *request,
             const char         *name,
             guint64             max,
             guint64            *out)
{
  const char *text = sd_sim_request_param (request, name);

  *out = 0;
  return text == NULL || sd_sim_parse_uint (text, max, out);
}

static SdSimAnswer *
advance (const SdSimRequest *request)
{
  g_autoptr(GArray) created = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) modified = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 seconds, n_create, n_modify;
  SdSimAnswer *answer;
  guint n_before;
  gint64 now;

  if (!count_param (request, "seconds", G_MAXINT32, &seconds)
      || !count_param (request, "create", 1000000, &n_create)
      || !count_param (request, "modify", 1000000, &n_modify))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST,
                        "seconds, create and modify must be whole numbers from 0");
  now = sd_sim_shop_advance (request->shop, (gint64) seconds, request->real_now);
  n_before = sd_sim_shop_get_n_orders (request->shop);
  sd_sim_shop_create_orders (request->shop, (guint) n_create, created);
  sd_sim_shop_modify_orders (request->shop, (guint) n_modify, n_before, modified);

  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  g_string_append (answer->body, "{\"now_unix\":");
  sd_sim_append_int (answer->body, now);
  g_string_append (answer->body, ",\"created\":");
  append_ids (answer->body, request, created);
  g_string_append (answer->body, ",\"modified\":");
  append_ids (answer->body, request, modified);
  g_string_append (answer->body, "}\n");
  return answer;
}

static SdSimAnswer *
faults (const SdSimRequest *request)
{
  g_autoptr(GError) error = NULL;
  SdSimAnswer *answer;

  if (strcmp (request->method, "POST") == 0
      && !sd_sim_faults_update (request->faults, request->params, &error))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, error->message);
  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  sd_sim_faults_append_settings (request->faults, answer->body);
  g_string_append_c (answer->body, '\n');
  return answer;
}

static void
append_customer_id (GString            *out,
                    const SdSimRequest *request,
                    guint               index)
{
  if (is_taobao (request))
    sd_sim_append_string (out, sd_sim_shop_get_customer (request->shop, index)->uid);
  else
    g_string_append_printf (out, "\"%" G_GUINT64_FORMAT "\"", sd_sim_shopify_customer_id (index));
}

/* Every order, one a line, sorted by id: the truth a synced database is compared with. The
 * status is Taobao's trade status, or Shopify's financial_status. */
static SdSimAnswer *
orders (const SdSimRequest *request)
{
  SdSimShop *shop = request->shop;
  guint n = sd_sim_shop_get_n_orders (shop);
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  GString *b = answer->body;

  g_string_append_c (b, '[');
  for (guint i = 0; i < n; i++)
    {
      const SdSimOrder *o = sd_sim_shop_get_order (shop, i);

      g_string_append (b, i > 0 ? ",\n{\"id\":" : "\n{\"id\":");
      append_order_id (b, request, i);
      g_string_append (b, ",\"customer\":");
      append_customer_id (b, request, o->customer);
      g_string_append (b, ",\"payment_cents\":");
      sd_sim_append_int (b, sd_sim_shop_order_payment (shop, o));
      g_string_append (b, ",\"status\":");
      sd_sim_append_string (b, is_taobao (request) ? sd_sim_status_name (o->status)
                                                   : sd_sim_shopify_financial_status (shop, o));
      g_string_append (b, ",\"refund_cents\":");
      sd_sim_append_int (b, sd_sim_shop_order_refunded (shop, o));
      g_string_append (b, ",\"created_unix\":");
      sd_sim_append_int (b, o->created);
      g_string_append (b, ",\"modified_unix\":");
      sd_sim_append_int (b, o->modified);
      g_string_append_c (b, '}');
    }
  g_string_append (b, "\n]\n");
  return answer;
}

typedef struct
{
  const char *path;
  const char *method;     /* NULL: GET and POST */
  SdSimAnswer *(*answer) (const SdSimRequest *request);
} Endpoint;

static const Endpoint endpoints[] = {
  { "/_sim/state", "GET", state },
  { "/_sim/advance", "POST", advance },
  { "/_sim/faults", NULL, faults },
  { "/_sim/orders", "GET", orders },
};

SdSimAnswer *
sd_sim_admin_answer (const SdSimRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      const Endpoint *e = &endpoints[i];

      if (strcmp (request->path, e->path) != 0)
        continue;
      if (e->method != NULL ? strcmp (request->method, e->method) != 0
                            : strcmp (request->method, "GET") != 0
                                && strcmp (request->method, "POST") != 0)
        return sd_sim_admin_error (SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed here");
      return e->answer (request);
    }
  return sd_sim_admin_error (SOUP_STATUS_NOT_FOUND,
                      "unknown endpoint: /_sim/state, /_sim/advance, /_sim/faults, /_sim/orders");
}
