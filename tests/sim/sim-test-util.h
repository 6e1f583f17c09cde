/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The real shopdesk-sim binary, started on port 0 for one test, and a SoupSession to talk
 * to it. */
typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *base;       /* http://127.0.0.1:PORT */
  SoupSession *session;
} Sim;

/* One HTTP exchange: the status and body, or the transport error (a dropped or cut-off
 * answer). */
typedef struct
{
  SoupMessage *msg;
  guint        status;
  GBytes      *body;
  GError      *error;
  gint64       elapsed_us;
} Reply;

#define SIM_SMALL_SHOP "--customers", "50", "--orders", "300", "--days", "10"

Sim        *sim_start            (const char *first_arg,
                                  ...) G_GNUC_NULL_TERMINATED;
Sim        *sim_start_argv       (const char * const *args);
void        sim_stop             (Sim        *sim);
char       *sim_binary           (void);

Reply      *sim_request          (Sim        *sim,
                                  const char *method,
                                  const char *path,
                                  const char *token);
JsonNode   *sim_admin            (Sim        *sim,
                                  const char *method,
                                  const char *path);
void        sim_set_faults       (Sim        *sim,
                                  const char *query);
char       *sim_orders_text      (Sim        *sim);
gint64      sim_now              (Sim        *sim);

char       *top_timestamp        (gint64      offset_seconds);
GHashTable *top_params           (const char *method,
                                  const char *first_name,
                                  ...) G_GNUC_NULL_TERMINATED;
void        top_sign             (GHashTable *params,
                                  const char *secret);
Reply      *top_send             (Sim        *sim,
                                  GHashTable *params,
                                  gboolean    post);
JsonObject *top_call             (Sim        *sim,
                                  GHashTable *params);
JsonObject *top_response         (JsonObject *root,
                                  const char *name);
void        assert_top_error     (JsonObject *root,
                                  gint64      code,
                                  const char *sub_code);
const char *top_sub_msg          (JsonObject *root);

JsonNode   *reply_json           (Reply      *reply);
const char *reply_header         (Reply      *reply,
                                  const char *name);
void        reply_free           (Reply      *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sim, sim_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

G_END_DECLS
