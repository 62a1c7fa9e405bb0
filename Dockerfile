# One image for the gateway, core and the notifier (and the chart's topics Job): the command picks which.
#   docker build -t todo-chatbot .
#   docker run -p 8080:8080 todo-chatbot                      # the embedded app, data in the /data volume
#   helm/todo-chatbot runs it as gateway/dist/main.js, core/dist/main.js, notifier/dist/main.js (RUNTIME=dapr)
# Debian bookworm because uWebSockets.js's prebuilt binary needs glibc 2.36, not musl (DESIGN §9).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# playwright-core is a test tool here; no package may download a browser.
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY . .
RUN npm ci --no-audit --no-fund && npm run build
# The runtime tree: dist/ folders, the built UI and production dependencies only.
RUN scripts/image/assemble.sh /src /app

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app ./
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
ENTRYPOINT ["node"]
CMD ["gateway/dist/main.js"]
