/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-server-socket"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bs-server-socket.h"

#define LISTEN_BACKLOG 512

static int
new_socket_fd (GInetAddress *address,
               guint         port,
               gboolean      reuse_port,
               GError      **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, (guint16) port);
  struct sockaddr_storage native;
  gsize native_size = g_socket_address_get_native_size (socket_address);
  int family = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET;
  int one = 1;
  int fd;
  int saved_errno;

  if (!g_socket_address_to_native (socket_address, &native, sizeof native, error))
    return -1;

  fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    goto fail;
  if (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
      (reuse_port && setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) ||
      bind (fd, (struct sockaddr *) &native, (socklen_t) native_size) < 0)
    goto fail;
  return fd;

fail:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_autofree char *text = g_inet_address_to_string (address);
  if (saved_errno == EADDRINUSE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                 "Port %u on %s is already in use", port, text);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "Cannot listen on %s port %u: %s", text, port, g_strerror (saved_errno));
  return -1;
}

static guint
bound_port (int fd)
{
  g_autoptr(GSocket) probe = g_socket_new_from_fd (dup (fd), NULL);
  g_autoptr(GSocketAddress) local = probe != NULL ? g_socket_get_local_address (probe, NULL) : NULL;

  return local != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : 0;
}

/* Binds @n_sockets listening sockets to one port with SO_REUSEPORT, so the kernel spreads
 * connections over the listener threads. GLib's g_socket_bind() would clear
 * SO_REUSEPORT, hence the plain socket calls. A first bind without SO_REUSEPORT tells
 * whether another process already listens on that port: joining it would be wrong. */
GPtrArray *
bs_server_socket_bind (GInetAddress  *address,
                       guint          port,
                       guint          n_sockets,
                       guint         *out_port,
                       GError       **error)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (n_sockets > 0, NULL);

  if (port != 0)
    {
      int probe = new_socket_fd (address, port, FALSE, error);

      if (probe < 0)
        return NULL;
      close (probe);
    }

  for (guint i = 0; i < n_sockets; i++)
    {
      int fd = new_socket_fd (address, port, TRUE, error);
      GSocket *socket;

      if (fd < 0)
        return NULL;
      if (listen (fd, LISTEN_BACKLOG) < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot listen on port %u: %s", port, g_strerror (saved_errno));
          return NULL;
        }
      if (port == 0)
        port = bound_port (fd);

      socket = g_socket_new_from_fd (fd, error);
      if (socket == NULL)
        {
          close (fd);
          return NULL;
        }
      g_ptr_array_add (sockets, socket);
    }

  *out_port = port;
  return g_steal_pointer (&sockets);
}
