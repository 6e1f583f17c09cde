/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sim-aliyun.h"
#include "sd-sim-chat.h"
#include "sd-sim-request.h"

G_BEGIN_DECLS

/* The HTTP server on 127.0.0.1: routes each request to the platform it simulates or to the
 * admin endpoints, and injects the faults — a refusal, a failure, a dropped connection, a
 * malformed or cut-off body, a delay that holds no other connection up. */

#define SD_SIM_TYPE_SERVER (sd_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (SdSimServer, sd_sim_server, SD_SIM, SERVER, GObject)

SdSimServer *sd_sim_server_new    (SdSimShop                *shop,
                                   const SdSimConfig        *config,
                                   const SdSimFaultSettings *faults,
                                   gboolean                  quiet);
/* Serves Aliyun SMS at "/" and /_sim/aliyun/ too (takes ALIYUN). */
void         sd_sim_server_set_aliyun (SdSimServer          *self,
                                       SdSimAliyun          *aliyun);
/* Serves the live chat at /chat and /_sim/chat/ too (takes CHAT). */
void         sd_sim_server_set_chat (SdSimServer            *self,
                                     SdSimChat              *chat);
gboolean     sd_sim_server_listen (SdSimServer              *self,
                                   guint                     port,
                                   guint                    *out_port,
                                   GError                  **error);

G_END_DECLS
