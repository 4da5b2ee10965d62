/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-book-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bs-book-dialog.h"
#include "bs-friend.h"
#include "bs-gui.h"
#include "bs-money.h"

/* One book: large cover, the facts, a quantity to add to the cart, and which friends
 * bought it. The facts shown first are the catalog's; the shop is asked for the book's
 * own, which a change since the catalog came may have made newer. Adding goes through
 * the parent window's win.add-copies, so its toasts, sign-in prompt and cart badge stay
 * in one place. */

struct _BsBookDialog
{
  AdwWindow parent_instance;

  BsShop *shop;               /* (owned) */
  BsCoverLoader *covers;      /* (owned) */
  BsBook *book;               /* (owned) */
  GCancellable *cancellable;  /* (owned) */

  GtkPicture *cover;
  GtkLabel *title_label;
  GtkLabel *author_label;
  GtkLabel *details_label;
  GtkLabel *price_label;
  GtkSpinButton *quantity;
  GtkLabel *friends_label;
};

G_DEFINE_FINAL_TYPE (BsBookDialog, bs_book_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SHOP,
  PROP_COVERS,
  PROP_BOOK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_book (BsBookDialog *self,
           BsBook       *book)
{
  g_autofree char *price = bs_money_format (bs_book_get_price (book));
  g_autofree char *rating = bs_rating_format (bs_book_get_rating (book));
  /* Translators: a book's category, then its rating, as "Cooking · Rated 4.5 of 5". */
  g_autofree char *details = g_strdup_printf (_("%s · Rated %s of 5"), bs_book_get_category (book),
                                              rating);

  g_set_object (&self->book, book);
  gtk_window_set_title (GTK_WINDOW (self), bs_book_get_name (book));
  /* The same book keeps its cover, and a load of it under way. */
  if (gtk_picture_get_paintable (self->cover) == NULL)
    {
      g_autoptr(GdkPaintable) cover = bs_cover_loader_get_paintable (self->covers,
                                                                     bs_book_get_book_id (book));

      gtk_picture_set_paintable (self->cover, cover);
    }
  gtk_picture_set_alternative_text (self->cover, bs_book_get_name (book));
  gtk_label_set_label (self->title_label, bs_book_get_name (book));
  gtk_label_set_label (self->author_label, bs_book_get_author (book));
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->price_label, price);
}

static gboolean
drawn_alike (BsBook *a,
             BsBook *b)
{
  return g_str_equal (bs_book_get_name (a), bs_book_get_name (b)) &&
         g_str_equal (bs_book_get_author (a), bs_book_get_author (b)) &&
         g_str_equal (bs_book_get_category (a), bs_book_get_category (b));
}

static void
fresh_book_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BsBook) book = bs_client_get_book_finish (BS_CLIENT (source), result, NULL);
  BsBookDialog *self;

  /* Without an answer, the catalog's facts stay; a closed dialog cancelled the call. */
  if (book == NULL)
    return;
  self = BS_BOOK_DIALOG (user_data);
  /* The shop draws a cover from the title, author and category: changed, it is new. */
  if (!drawn_alike (book, self->book))
    bs_cover_cache_refresh (bs_shop_get_cover_cache (self->shop), bs_book_get_book_id (book));
  show_book (self, book);
}

static void
friends_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BsBookDialog *self = user_data;
  g_autoptr(GPtrArray) friends = bs_client_list_friends_who_bought_finish (BS_CLIENT (source), result,
                                                                           NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  /* Friends are a nicety: without an answer the line just stays away. */
  if (friends == NULL || friends->len == 0)
    return;
  for (guint i = 0; i < friends->len; i++)
    g_strv_builder_add (names, bs_friend_get_display_name (g_ptr_array_index (friends, i)));
  list = g_strv_builder_end (names);
  joined = g_strjoinv (", ", list);
  /* Translators: the first %u is how many friends, %s their names, as "Ann, Bob". */
  text = g_strdup_printf (ngettext ("%u friend bought this: %s", "%u friends bought this: %s",
                                    friends->len),
                          friends->len, joined);
  gtk_label_set_label (self->friends_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->friends_label), TRUE);
}

static void
add_to_cart_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BsBookDialog *self = BS_BOOK_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  gtk_widget_activate_action (GTK_WIDGET (parent), "win.add-copies", "(si)",
                              bs_book_get_book_id (self->book),
                              gtk_spin_button_get_value_as_int (self->quantity));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Adding waits for the shop, as the window's own buttons do. */
static void
offline_changed_cb (BsBookDialog *self,
                    GParamSpec   *pspec,
                    BsShop       *shop)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "book.add-to-cart", !bs_shop_is_offline (shop));
}

static void
bs_book_dialog_dispose (GObject *object)
{
  BsBookDialog *self = BS_BOOK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BS_TYPE_BOOK_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->book);
  g_clear_object (&self->covers);
  g_clear_object (&self->shop);

  G_OBJECT_CLASS (bs_book_dialog_parent_class)->dispose (object);
}

static void
bs_book_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BsBookDialog *self = BS_BOOK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SHOP:
      g_value_set_object (value, self->shop);
      break;
    case PROP_COVERS:
      g_value_set_object (value, self->covers);
      break;
    case PROP_BOOK:
      g_value_set_object (value, self->book);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_dialog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BsBookDialog *self = BS_BOOK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SHOP:
      self->shop = g_value_dup_object (value);
      break;
    case PROP_COVERS:
      self->covers = g_value_dup_object (value);
      break;
    case PROP_BOOK:
      self->book = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_book_dialog_constructed (GObject *object)
{
  BsBookDialog *self = BS_BOOK_DIALOG (object);
  BsSession *session = bs_shop_get_session (self->shop);
  BsClient *client = bs_shop_get_client (self->shop);
  const char *book_id = bs_book_get_book_id (self->book);

  G_OBJECT_CLASS (bs_book_dialog_parent_class)->constructed (object);

  show_book (self, self->book);
  g_signal_connect_object (self->shop, "notify::offline", G_CALLBACK (offline_changed_cb), self,
                           G_CONNECT_SWAPPED);
  offline_changed_cb (self, NULL, self->shop);
  if (bs_shop_is_offline (self->shop))
    return;
  bs_client_get_book_async (client, book_id, self->cancellable, fresh_book_cb, self);
  if (session != NULL && bs_session_is_signed_in (session))
    bs_client_list_friends_who_bought_async (client, book_id, self->cancellable, friends_cb, self);
}

static void
bs_book_dialog_class_init (BsBookDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bs_book_dialog_dispose;
  object_class->get_property = bs_book_dialog_get_property;
  object_class->set_property = bs_book_dialog_set_property;
  object_class->constructed = bs_book_dialog_constructed;

  properties[PROP_SHOP] =
    g_param_spec_object ("shop", NULL, NULL, BS_TYPE_SHOP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COVERS] =
    g_param_spec_object ("covers", NULL, NULL, BS_TYPE_COVER_LOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BOOK] =
    g_param_spec_object ("book", NULL, NULL, BS_TYPE_BOOK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  bs_gui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/gui/bs-book-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, cover);
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, author_label);
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, details_label);
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, price_label);
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, quantity);
  gtk_widget_class_bind_template_child (widget_class, BsBookDialog, friends_label);

  gtk_widget_class_install_action (widget_class, "book.add-to-cart", NULL, add_to_cart_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bs_book_dialog_init (BsBookDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bs_gui_name_mnemonic_buttons (GTK_WIDGET (self));
  bs_gui_name_spin_buttons (self->quantity);
  self->cancellable = g_cancellable_new ();
}

BsBookDialog *
bs_book_dialog_new (GtkWindow     *parent,
                    BsShop        *shop,
                    BsCoverLoader *covers,
                    BsBook        *book)
{
  return g_object_new (BS_TYPE_BOOK_DIALOG,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "shop", shop,
                       "covers", covers,
                       "book", book,
                       NULL);
}
