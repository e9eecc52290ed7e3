# syntax=docker/dockerfile:1
# The VNC desktop: Ubuntu 24.04 with XFCE in TigerVNC, served to the browser by noVNC on 6080
# (websockify), which Caddy publishes at vnc.evindrake.net. The VNC server itself listens on
# localhost only. VNC_PASSWORD is required at start. Its build context is infra/docker:
#   docker build -f infra/docker/vnc.Dockerfile infra/docker
# One stage: everything installed here is needed at run time, there is nothing to build.
FROM ubuntu:24.04

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8

# Firefox and Chromium are snaps on Ubuntu 24.04 and do not run in a container, so the desktop
# ships without a browser.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      dbus-x11 \
      fonts-dejavu-core \
      novnc \
      python3 \
      tigervnc-standalone-server \
      tigervnc-tools \
      tini \
      tzdata \
      websockify \
      xfce4 \
      xfce4-terminal \
      xauth \
 && rm -rf /var/lib/apt/lists/*

# The base image's `ubuntu` user holds uid 1000; the desktop user takes its place. The X socket
# folder must exist, world-writable and sticky, before a non-root Xvnc starts.
RUN userdel --remove ubuntu \
 && useradd --create-home --uid 1000 --user-group --shell /bin/bash desktop \
 && install -d -m 1777 /tmp/.X11-unix \
 && ln -s vnc.html /usr/share/novnc/index.html

COPY --chmod=0755 vnc/start-desktop vnc/desktop-healthcheck /usr/local/bin/

USER desktop
WORKDIR /home/desktop
EXPOSE 6080
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/desktop-healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/start-desktop"]
