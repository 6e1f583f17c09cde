/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-chat-channel.h"

G_BEGIN_DECLS

/* The live chat of shopdesk-sim (src/sim/README.md, "Live chat"): JSON text frames over a
 * WebSocket. Reconnects after a drop with back-off (100 ms doubling to 5 s), then sends
 * `resume` after the last seq it handed out and resends every agent frame not yet acked,
 * under the same client_id. */

#define SD_TYPE_SIM_CHAT_CHANNEL (sd_sim_chat_channel_get_type ())
G_DECLARE_FINAL_TYPE (SdSimChatChannel, sd_sim_chat_channel, SD, SIM_CHAT_CHANNEL, GObject)

/* URL: "ws://127.0.0.1:PORT/chat"; TOKEN: the simulator's --chat-token (sent as
 * "Authorization: Bearer", never logged). */
SdChatChannel *sd_sim_chat_channel_new (const char *url,
                                        const char *token);

G_END_DECLS
