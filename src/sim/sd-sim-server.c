/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-server.h"

#include <string.h>

#include "sd-sim-admin.h"
#include "sd-sim-shopify.h"
#include "sd-sim-taobao.h"

#define TAOBAO_PATH "/router/rest"
#define SHOPIFY_PREFIX "/admin/api/"
#define ADMIN_PREFIX "/_sim/"

typedef enum
{
  DELIVER_NORMAL,
  DELIVER_DROP,       /* close the connection, answer nothing */
  DELIVER_TRUNCATE,   /* announce the whole body, send half, close */
} Delivery;

struct _SdSimServer
{
  GObject parent_instance;

  SoupServer *soup;
  SdSimShop *shop;
  SdSimConfig config;
  SdSimFaults *faults;
  char *base_url;
  GHashTable *pending;    /* Pending answers held back by --latency */
  SdSimAliyun *aliyun;    /* NULL: no SMS gateway */
  SdSimChat *chat;        /* NULL: no live chat */
  guint64 n_requests;
  gboolean quiet;
};

G_DEFINE_FINAL_TYPE (SdSimServer, sd_sim_server, G_TYPE_OBJECT)

/* An answer held back by --latency. */
typedef struct
{
  SdSimServer *server;
  SoupServerMessage *msg;
  SdSimAnswer *answer;
  Delivery how;
  guint source_id;
  gulong disconnected_id;
  gboolean gone;      /* the client left while we waited */
} Pending;

/* A truncated answer being written on a stolen connection. */
typedef struct
{
  GIOStream *stream;
  GBytes *data;
} Cut;

static void
pending_free (Pending *p)
{
  g_clear_signal_handler (&p->disconnected_id, p->msg);
  g_object_unref (p->msg);
  sd_sim_answer_free (p->answer);
  g_free (p);
}

static void
cut_free (Cut *cut)
{
  g_object_unref (cut->stream);
  g_bytes_unref (cut->data);
  g_free (cut);
}

static void
respond (SoupServerMessage *msg,
         SdSimAnswer       *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len = answer->body->len;

  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (answer->headers, i),
                                 g_ptr_array_index (answer->headers, i + 1));
  soup_server_message_set_status (msg, answer->status, sd_sim_status_phrase (answer->status));
  soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&answer->body), FALSE), len);
}

static void
drop (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
cut_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cut *cut = user_data;

  /* The client may have gone already; either way the connection ends here. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close (cut->stream, NULL, NULL);
  cut_free (cut);
}

/* The status line and headers with the full Content-Length, then half the body, then the
 * connection closes: written by hand on the stolen connection, as libsoup would never send
 * less than it announced. */
static void
truncate_answer (SoupServerMessage *msg,
                 SdSimAnswer       *answer)
{
  GString *raw = g_string_new (NULL);
  Cut *cut = g_new0 (Cut, 1);
  gconstpointer data;
  gsize size;

  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %"
                               G_GSIZE_FORMAT "\r\n",
                          answer->status, sd_sim_status_phrase (answer->status),
                          answer->content_type, answer->body->len);
  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    g_string_append_printf (raw, "%s: %s\r\n", (const char *) g_ptr_array_index (answer->headers, i),
                            (const char *) g_ptr_array_index (answer->headers, i + 1));
  g_string_append (raw, "\r\n");
  g_string_append_len (raw, answer->body->str, (gssize) (answer->body->len / 2));

  cut->stream = soup_server_message_steal_connection (msg);
  cut->data = g_string_free_to_bytes (raw);
  data = g_bytes_get_data (cut->data, &size);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (cut->stream), data, size,
                                   G_PRIORITY_DEFAULT, NULL, cut_written_cb, cut);
}

static void
deliver_now (SoupServerMessage *msg,
             SdSimAnswer       *answer,
             Delivery           how)
{
  switch (how)
    {
    case DELIVER_DROP:
      drop (msg);
      break;
    case DELIVER_TRUNCATE:
      truncate_answer (msg, answer);
      break;
    case DELIVER_NORMAL:
    default:
      respond (msg, answer);
      break;
    }
}

static void
pending_disconnected_cb (SoupServerMessage *msg,
                         gpointer           user_data)
{
  Pending *p = user_data;

  p->gone = TRUE;
}

static gboolean
latency_done_cb (gpointer user_data)
{
  Pending *p = user_data;

  g_hash_table_remove (p->server->pending, p);   /* freed when the source goes */
  if (p->gone)
    return G_SOURCE_REMOVE;
  if (p->how == DELIVER_NORMAL)
    respond (p->msg, p->answer);
  soup_server_message_unpause (p->msg);
  if (p->how != DELIVER_NORMAL)
    deliver_now (p->msg, p->answer, p->how);
  return G_SOURCE_REMOVE;
}

/* Sends @answer (taken), now or after @latency_ms without holding up other connections. */
static void
deliver (SdSimServer       *self,
         SoupServerMessage *msg,
         SdSimAnswer       *answer,
         Delivery           how,
         guint              latency_ms)
{
  Pending *p;

  if (latency_ms == 0)
    {
      deliver_now (msg, answer, how);
      sd_sim_answer_free (answer);
      return;
    }
  p = g_new0 (Pending, 1);
  p->server = self;
  p->msg = g_object_ref (msg);
  p->answer = answer;
  p->how = how;
  p->disconnected_id = g_signal_connect (msg, "disconnected",
                                         G_CALLBACK (pending_disconnected_cb), p);
  soup_server_message_pause (msg);
  p->source_id = g_timeout_add_full (G_PRIORITY_DEFAULT, latency_ms, latency_done_cb, p,
                                     (GDestroyNotify) pending_free);
  g_hash_table_add (self->pending, p);
}

/* The query, and a form body of a POST (TOP clients send either way, or both). */
static GHashTable *
request_params (SoupServerMessage *msg,
                GHashTable        *query)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (msg), NULL);
  GHashTableIter iter;
  gpointer name, value;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (params, g_strdup (name), g_strdup (value));
    }
  if (strcmp (soup_server_message_get_method (msg), "POST") == 0 && type != NULL
      && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      gsize size;
      const char *data = g_bytes_get_data (body, &size);
      g_autofree char *text = g_strndup (data, size);
      g_autoptr(GHashTable) form = soup_form_decode (text);

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (params, g_strdup (name), g_strdup (value));
    }
  return params;
}

/* Refused by the rate limit? Then the refusal, else NULL. */
static SdSimAnswer *
rate_limited (SdSimServer  *self,
              SdSimRequest *request,
              guint        *out_level)
{
  gint64 now_us = g_get_monotonic_time ();
  guint wait;

  if (self->config.platform == SD_SIM_PLATFORM_TAOBAO)
    {
      wait = sd_sim_faults_taobao_ban (self->faults, now_us);
      if (wait == 0)
        return NULL;
      sd_sim_faults_count (self->faults, SD_SIM_FAULT_RATE_LIMITED);
      return sd_sim_taobao_limited (request, wait);
    }
  if (sd_sim_faults_shopify_admit (self->faults, now_us, out_level, &wait))
    return NULL;
  sd_sim_faults_count (self->faults, SD_SIM_FAULT_RATE_LIMITED);
  if (sd_sim_faults_roll (self->faults, 0.25))
    wait = 0;     /* as Shopify sometimes does: no Retry-After */
  return sd_sim_shopify_limited (request, wait);
}

/* The platform's answer, spoiled as the dice say (--malformed-rate). */
static SdSimAnswer *
platform_answer (SdSimServer  *self,
                 SdSimRequest *request)
{
  SdSimAnswer *answer;

  if (sd_sim_faults_roll (self->faults, sd_sim_faults_get_settings (self->faults)->malformed_rate))
    {
      request->malform = 1 + sd_sim_faults_pick (self->faults, SD_SIM_N_MALFORMS - 1);
      sd_sim_faults_count (self->faults, SD_SIM_FAULT_MALFORMED);
    }
  if (self->config.platform == SD_SIM_PLATFORM_TAOBAO)
    answer = sd_sim_taobao_answer (request);
  else
    answer = sd_sim_shopify_answer (request);
  if (request->malform != SD_SIM_MALFORM_NONE && !answer->malformed)
    sd_sim_answer_spoil (answer, request->malform);
  return answer;
}

static void
serve_platform (SdSimServer       *self,
                SoupServerMessage *msg,
                SdSimRequest      *request)
{
  const SdSimFaultSettings *s = sd_sim_faults_get_settings (self->faults);
  SdSimAnswer *answer;
  Delivery how = DELIVER_NORMAL;
  guint level = SD_SIM_SHOPIFY_BUCKET;

  answer = rate_limited (self, request, &level);
  if (answer == NULL && sd_sim_faults_roll (self->faults, s->fail_rate))
    {
      sd_sim_faults_count (self->faults, SD_SIM_FAULT_FAIL);
      answer = self->config.platform == SD_SIM_PLATFORM_TAOBAO ? sd_sim_taobao_failure (request)
                                                               : sd_sim_shopify_failure (request);
    }
  if (answer == NULL && sd_sim_faults_roll (self->faults, s->drop_rate))
    {
      sd_sim_faults_count (self->faults, SD_SIM_FAULT_DROP);
      how = DELIVER_DROP;
      answer = sd_sim_answer_new (SOUP_STATUS_OK, "text/plain");  /* never sent */
    }
  if (answer == NULL)
    answer = platform_answer (self, request);
  if (how == DELIVER_NORMAL && sd_sim_faults_roll (self->faults, s->truncate_rate))
    {
      sd_sim_faults_count (self->faults, SD_SIM_FAULT_TRUNCATE);
      how = DELIVER_TRUNCATE;
    }
  if (self->config.platform == SD_SIM_PLATFORM_SHOPIFY)
    {
      char limit[32];

      g_snprintf (limit, sizeof limit, "%u/%u", level, SD_SIM_SHOPIFY_BUCKET);
      sd_sim_answer_add_header (answer, "X-Shopify-Shop-Api-Call-Limit", limit);
    }
  /* The shop changes under a client that is paging through it. */
  if (how == DELIVER_NORMAL && answer->served_page && s->modify_during_paging > 0)
    sd_sim_shop_modify_orders (self->shop, s->modify_during_paging,
                               sd_sim_shop_get_n_orders (self->shop), NULL);
  if (s->latency_ms > 0)
    sd_sim_faults_count (self->faults, SD_SIM_FAULT_LATENCY);
  deliver (self, msg, answer, how, s->latency_ms);
}

static void
log_admin (SdSimServer        *self,
           const SdSimRequest *request,
           SdSimAnswer        *answer)
{
  if (self->quiet || strcmp (request->method, "POST") != 0)
    return;
  g_printerr ("shopdesk-sim: %s → %u %.*s", request->path, answer->status,
              (int) MIN (answer->body->len, 300), answer->body->str);
  if (answer->body->len == 0 || answer->body->str[answer->body->len - 1] != '\n')
    g_printerr ("\n");
}

/* The SMS gateway's calls and its admin endpoints; FALSE when REQUEST is neither. */
static gboolean
serve_aliyun (SdSimServer       *self,
              SoupServerMessage *msg,
              SdSimRequest      *request)
{
  SdSimAnswer *answer = sd_sim_aliyun_admin_answer (self->aliyun, request);
  gboolean drop = FALSE;
  guint delay_ms = 0;

  if (answer != NULL)
    {
      log_admin (self, request, answer);
      deliver (self, msg, answer, DELIVER_NORMAL, 0);
      return TRUE;
    }
  if (!sd_sim_aliyun_handles (request))
    return FALSE;
  answer = sd_sim_aliyun_answer (self->aliyun, request, &drop, &delay_ms);
  deliver (self, msg, answer, drop ? DELIVER_DROP : DELIVER_NORMAL, delay_ms);
  return TRUE;
}

/* The live chat's admin endpoints; FALSE for any other path. */
static gboolean
serve_chat (SdSimServer       *self,
            SoupServerMessage *msg,
            SdSimRequest      *request)
{
  SdSimAnswer *answer = sd_sim_chat_admin_answer (self->chat, request);

  if (answer == NULL)
    return FALSE;
  log_admin (self, request, answer);
  deliver (self, msg, answer, DELIVER_NORMAL, 0);
  return TRUE;
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SdSimServer *self = user_data;
  g_autoptr(GHashTable) params = request_params (msg, query);
  gboolean taobao = self->config.platform == SD_SIM_PLATFORM_TAOBAO;
  char request_id[24];
  SdSimRequest request = {
    .shop = self->shop,
    .faults = self->faults,
    .config = &self->config,
    .method = soup_server_message_get_method (msg),
    .path = path,
    .params = params,
    .headers = soup_server_message_get_request_headers (msg),
    .base_url = self->base_url,
    .request_id = request_id,
    .real_now = g_get_real_time () / G_USEC_PER_SEC,
  };

  if (self->aliyun != NULL && serve_aliyun (self, msg, &request))
    return;
  if (self->chat != NULL && serve_chat (self, msg, &request))
    return;
  if (g_str_has_prefix (path, ADMIN_PREFIX))
    {
      SdSimAnswer *answer;

      request.n_requests = self->n_requests;
      g_strlcpy (request_id, "admin", sizeof request_id);
      answer = sd_sim_admin_answer (&request);
      log_admin (self, &request, answer);
      deliver (self, msg, answer, DELIVER_NORMAL, 0);
      return;
    }
  if ((taobao && strcmp (path, TAOBAO_PATH) == 0)
      || (!taobao && g_str_has_prefix (path, SHOPIFY_PREFIX)))
    {
      request.n_requests = ++self->n_requests;
      /* Looks like TOP's: 13 lowercase hex digits, different for every call. */
      g_snprintf (request_id, sizeof request_id, "%013" G_GINT64_MODIFIER "x",
                  (self->n_requests * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 12);
      serve_platform (self, msg, &request);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Not Found\n", 10);
}

static void
sd_sim_server_dispose (GObject *object)
{
  SdSimServer *self = SD_SIM_SERVER (object);
  GHashTableIter iter;
  gpointer p;

  /* Answers still held back are never sent. */
  if (self->pending != NULL)
    {
      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, &p, NULL))
        {
          g_hash_table_iter_remove (&iter);
          g_source_remove (((Pending *) p)->source_id);
        }
    }

  /* Its desks' connections close before the server's. */
  g_clear_pointer (&self->chat, sd_sim_chat_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->shop);
  G_OBJECT_CLASS (sd_sim_server_parent_class)->dispose (object);
}

static void
sd_sim_server_finalize (GObject *object)
{
  SdSimServer *self = SD_SIM_SERVER (object);

  g_clear_pointer (&self->faults, sd_sim_faults_free);
  g_clear_pointer (&self->aliyun, sd_sim_aliyun_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_free (self->config.app_key);
  g_free (self->config.app_secret);
  g_free (self->config.session);
  g_free (self->config.token);
  g_free (self->base_url);
  G_OBJECT_CLASS (sd_sim_server_parent_class)->finalize (object);
}

static void
sd_sim_server_class_init (SdSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_sim_server_dispose;
  object_class->finalize = sd_sim_server_finalize;
}

static void
sd_sim_server_init (SdSimServer *self)
{
  self->pending = g_hash_table_new (NULL, NULL);
  self->soup = soup_server_new ("server-header", "shopdesk-sim ", NULL);
  soup_server_add_handler (self->soup, NULL, handle_cb, self, NULL);
}

SdSimServer *
sd_sim_server_new (SdSimShop                *shop,
                   const SdSimConfig        *config,
                   const SdSimFaultSettings *faults,
                   gboolean                  quiet)
{
  SdSimServer *self;

  g_return_val_if_fail (SD_SIM_IS_SHOP (shop), NULL);
  g_return_val_if_fail (config != NULL && faults != NULL, NULL);

  self = g_object_new (SD_SIM_TYPE_SERVER, NULL);
  self->shop = g_object_ref (shop);
  self->config = *config;
  self->config.app_key = g_strdup (config->app_key);
  self->config.app_secret = g_strdup (config->app_secret);
  self->config.session = g_strdup (config->session);
  self->config.token = g_strdup (config->token);
  self->faults = sd_sim_faults_new (config->seed, faults);
  self->quiet = quiet;
  return self;
}

void
sd_sim_server_set_aliyun (SdSimServer *self,
                          SdSimAliyun *aliyun)
{
  g_return_if_fail (SD_SIM_IS_SERVER (self));

  g_clear_pointer (&self->aliyun, sd_sim_aliyun_free);
  self->aliyun = aliyun;
}

void
sd_sim_server_set_chat (SdSimServer *self,
                        SdSimChat   *chat)
{
  g_return_if_fail (SD_SIM_IS_SERVER (self));
  g_return_if_fail (self->chat == NULL);

  self->chat = chat;
  sd_sim_chat_attach (chat, self->soup);
}

/* Listens on 127.0.0.1 only; @port 0 takes any free port, told in @out_port. */
gboolean
sd_sim_server_listen (SdSimServer *self,
                      guint        port,
                      guint       *out_port,
                      GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  g_return_val_if_fail (SD_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if (!soup_server_listen (self->soup, address, 0, error))
    return FALSE;
  /* The port from the socket itself: soup_server_get_uris () leaks an address in 3.2. */
  listeners = soup_server_get_listeners (self->soup);
  g_assert (listeners != NULL);
  bound = g_socket_get_local_address (listeners->data, error);
  g_slist_free (listeners);
  if (bound == NULL)
    return FALSE;
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_free (self->base_url);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  if (out_port != NULL)
    *out_port = port;
  return TRUE;
}
