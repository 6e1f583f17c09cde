/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A question that takes a few fields (a note, an address): on PARENT, HEADING and BODY with
 * EXTRA, the fields, under them; "Cancel" (also Escape) and RESPONSE, labelled LABEL, in
 * the suggested style and the default, so that Enter in a field answers it. Not yet shown:
 * the caller connects "response" and presents it. */
AdwMessageDialog *sd_form_question_new (GtkWindow  *parent,
                                        const char *heading,
                                        const char *body,
                                        GtkWidget  *extra,
                                        const char *response,
                                        const char *label);

G_END_DECLS
