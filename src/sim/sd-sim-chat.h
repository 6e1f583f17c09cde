/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sim-request.h"

G_BEGIN_DECLS

/* The live chat channel (README.md, "Live chat"): a WebSocket at /chat where the desk hears
 * the shop's buyers open chats, write and rate, and answers them; and the simulated buyers
 * behind it, drawn from the shop's customers (their nick, their latest order, its
 * after-sales state) with a GRand of their own seeded from --seed. Every event gets the next
 * seq and the last SD_SIM_CHAT_KEPT are kept, so that a desk that reconnects with `resume`
 * misses nothing. Its admin endpoints live under /_sim/chat/. */

#define SD_SIM_CHAT_KEPT 1000

typedef struct _SdSimChat SdSimChat;

SdSimChat   *sd_sim_chat_new          (SdSimShop          *shop,
                                       SdSimPlatform       platform,
                                       const char         *token,
                                       guint32             seed);
void         sd_sim_chat_free         (SdSimChat          *self);

/* Serves the WebSocket at /chat on SOUP; a handshake without the token is refused (401). */
void         sd_sim_chat_attach       (SdSimChat          *self,
                                       SoupServer         *soup);
/* Buyers open chats by themselves, RATE_PER_MINUTE a minute (0: none; at most 600), as
 * POST /_sim/chat/auto does. */
void         sd_sim_chat_set_auto_rate (SdSimChat       *self,
                                        guint            rate_per_minute);
/* The answer of an admin endpoint under /_sim/chat/, NULL for any other path. */
SdSimAnswer *sd_sim_chat_admin_answer (SdSimChat          *self,
                                       const SdSimRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSimChat, sd_sim_chat_free)

G_END_DECLS
