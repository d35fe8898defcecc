# Build stage: compile TypeScript (src/dev too, for the demo target).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only, non-root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY public ./public
# The demo keeps its generated secrets here (a volume); production never writes to disk.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000

# `docker compose --profile demo up demo`: the offline demo with the stand-ins (src/dev/start.ts).
FROM runtime AS demo
COPY --from=build /app/dist ./dist
CMD ["node", "dist/dev/start.js"]

# The default target: the production server only; no demo or stand-in code ships in it.
FROM runtime AS production
COPY --from=build /app/dist ./dist
USER root
RUN rm -rf dist/dev
USER node
CMD ["node", "dist/main.js"]
