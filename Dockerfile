# Multi-stage build: compile in a full Node image, run as a non-root user in a slim one.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY runtime/package.json runtime/
COPY migrations/package.json migrations/
COPY api/package.json api/
COPY studio/package.json studio/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "scripts/start.js"]
