/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sim-request.h"

G_BEGIN_DECLS

/* The Taobao TOP router, /router/rest: the checks in TOP's order, then
 * taobao.user.seller.get, taobao.trades.sold.get and taobao.trades.sold.increment.get. */

guint64      sd_sim_taobao_tid     (guint               index);
SdSimAnswer *sd_sim_taobao_answer  (const SdSimRequest *request);
SdSimAnswer *sd_sim_taobao_failure (const SdSimRequest *request);
SdSimAnswer *sd_sim_taobao_limited (const SdSimRequest *request,
                                    guint               ban_seconds);

G_END_DECLS
