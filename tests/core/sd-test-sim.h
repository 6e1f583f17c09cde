/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* shopdesk-sim (src/sim) in a process of its own on a free port of 127.0.0.1, for tests of
 * the store connections and the sync. */
typedef struct _SdTestSim SdTestSim;

/* Starts the built simulator with EXTRA_ARGS (NULL-terminated, may be NULL) after
 * "--port 0 --quiet", and waits for its listening line. NULL when the simulator is not
 * built: the caller skips (g_test_skip). Anything else that goes wrong fails the test. */
SdTestSim  *sd_test_sim_start      (const char * const *extra_args);
/* "http://127.0.0.1:PORT" */
const char *sd_test_sim_get_url    (SdTestSim          *sim);
/* "http://127.0.0.1:PORT/router/rest", Taobao's router. */
const char *sd_test_sim_get_router (SdTestSim          *sim);
/* "ws://127.0.0.1:PORT/chat", the live chat (token "test-chat" unless --chat-token). */
const char *sd_test_sim_get_chat_url (SdTestSim        *sim);
/* The body of GET or POST PATH ("/_sim/advance?seconds=60&create=5"), which must answer
 * 200; the caller frees it. */
char       *sd_test_sim_get        (SdTestSim          *sim,
                                    const char         *path);
char       *sd_test_sim_post       (SdTestSim          *sim,
                                    const char         *path);
/* The same, parsed: the root node, the caller's. */
JsonNode   *sd_test_sim_get_json   (SdTestSim          *sim,
                                    const char         *path);
JsonNode   *sd_test_sim_post_json  (SdTestSim          *sim,
                                    const char         *path);
/* The simulator's data clock (GET /_sim/state now_unix). */
gint64      sd_test_sim_now        (SdTestSim          *sim);
/* SIGTERM, then its exit, which must be 0. NULL is fine. */
void        sd_test_sim_stop       (SdTestSim          *sim);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTestSim, sd_test_sim_stop)

G_END_DECLS
