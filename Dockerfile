# AI-Bridge for Cisco UC: container image (docs/operations.md, "Containers").
#
#   docker build --build-arg UID=$(id -u) --build-arg GID=$(id -g) -t ai-bridge .
#
# Stage 1 builds the single binary exactly as the README does (npm ci, npm run build: Bun comes
# from the npm package). Stage 2 is a small glibc base without a shell that holds only that
# binary and runs it as UID:GID (the .env keys UID and GID; default 1000). Everything the appliance
# writes lives in one volume, /data, which is its project root: .env, secrets/, clients/, logs/,
# profiles/, backups/, servers/.

FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && ./build/ai-bridge version && mkdir -p /data

# distroless/cc: glibc, libgcc_s and libstdc++, which is all the binary and its embedded
# bcrypt addon link against; no shell, no package manager.
FROM gcr.io/distroless/cc-debian12 AS runtime
ARG UID=1000
ARG GID=1000
COPY --from=build --chown=0:0 --chmod=0755 /src/build/ai-bridge /usr/local/bin/ai-bridge
COPY --from=build --chown=${UID}:${GID} /data /data
USER ${UID}:${GID}
# Keep freed memory mapped for reuse (docs/operations.md); serve would set it itself otherwise.
ENV MIMALLOC_PURGE_DELAY=-1
VOLUME ["/data"]
# MCP_SERVER_PORT; MCP_SERVER_HOST must stay 0.0.0.0 in a container (the default).
EXPOSE 8443
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
  CMD ["/usr/local/bin/ai-bridge", "--root", "/data", "health", "--timeout", "5"]
ENTRYPOINT ["/usr/local/bin/ai-bridge", "--root", "/data"]
CMD ["serve"]
