/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"
#include "sd-sync.h"

G_BEGIN_DECLS

#define SD_TYPE_STORE_CONNECT_DIALOG (sd_store_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdStoreConnectDialog, sd_store_connect_dialog, SD, STORE_CONNECT_DIALOG, AdwWindow)

/* Connecting the shop to its online store (Taobao TOP or Shopify): the platform, the
 * address, the app's keys. Each field says at the field what is missing or wrong; "Test"
 * asks the store whose keys they are without saving anything; "Connect" tests and saves
 * (settings.connections), the secrets going to the keyring. Both run on a worker thread,
 * with a spinner; an error shows its message, never a secret. Escape closes, cancelling
 * what runs.
 *
 * Signal "connected" (const SdStoreStatus *status, valid during the emission) once saved;
 * the dialog then closes.
 *
 * RECONNECT (NULL: a new connection) is the store as saved: its platform, address, app key,
 * sign method and API version fill the form; the secrets are typed again. */
SdStoreConnectDialog *sd_store_connect_dialog_new (GtkWindow           *parent,
                                                   SdSession           *session,
                                                   const SdStoreStatus *reconnect);

G_END_DECLS
