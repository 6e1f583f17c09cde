/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sim-request.h"

G_BEGIN_DECLS

/* Aliyun SMS (dysmsapi 2017-05-25, PROTOCOLS.md §3) at "/" of the simulator, beside whichever
 * store platform it serves: SendSms, SendBatchSms and QuerySendDetails, as GET or POST form,
 * every common parameter and the RPC v1 signature checked by the simulator's own code (not the
 * client's). It records every message it accepts and reports delivery per number: delivered
 * after a delay, or failed with the code an admin set for that number. Faults on demand: the
 * next N calls answer a code, a throttle, "accept then drop the connection", a delay. Its
 * admin endpoints live under /_sim/aliyun/ (README.md). */

typedef struct _SdSimAliyun SdSimAliyun;

SdSimAliyun *sd_sim_aliyun_new          (const char         *access_key_id,
                                         const char         *access_key_secret,
                                         guint               delivery_delay_ms);
void         sd_sim_aliyun_free         (SdSimAliyun        *self);

/* Registers (or replaces) the approved template CODE, its TEXT with ${name} variables.
 * Once one is registered, a send of any other code is refused (isv.SMS_TEMPLATE_ILLEGAL),
 * as is a TemplateParam that lacks one of the template's variables
 * (isv.TEMPLATE_MISSING_PARAMETERS), and each message is kept as the phone shows it:
 * 【signature】 and the text with its values. With none, any code is taken. FALSE with
 * *OUT_PROBLEM (for a person) when CODE or TEXT is empty or a ${ is not closed. */
gboolean     sd_sim_aliyun_add_template (SdSimAliyun        *self,
                                         const char         *code,
                                         const char         *text,
                                         const char        **out_problem);

/* Whether REQUEST is a dysmsapi call (path "/" with an Action). */
gboolean     sd_sim_aliyun_handles      (const SdSimRequest *request);
/* The answer to a dysmsapi call. *OUT_DROP: close the connection instead of answering (the
 * call took effect); *OUT_DELAY_MS: hold the answer back this long. */
SdSimAnswer *sd_sim_aliyun_answer       (SdSimAliyun        *self,
                                         const SdSimRequest *request,
                                         gboolean           *out_drop,
                                         guint              *out_delay_ms);
/* The answer of an admin endpoint under /_sim/aliyun/, NULL for any other path. */
SdSimAnswer *sd_sim_aliyun_admin_answer (SdSimAliyun        *self,
                                         const SdSimRequest *request);

/* The signature written for the simulator on its own: Base64 (HMAC-SHA1 (SECRET + "&",
 * METHOD&%2F&pe(sorted pe(k)=pe(v) joined by &))), "Signature" itself left out. */
char        *sd_sim_aliyun_sign         (const char         *method,
                                         GHashTable         *params,
                                         const char         *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSimAliyun, sd_sim_aliyun_free)

G_END_DECLS
