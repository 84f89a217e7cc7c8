import type { FastifyInstance } from 'fastify';
import { hotlineRoutes } from './hotline.routes.js';
import { investigationRoutes } from './investigations.routes.js';
import { penaltyRoutes } from './penalties.routes.js';
import { auditRoutes } from './audits.routes.js';

export function enforcementRoutes(app: FastifyInstance) {
  hotlineRoutes(app);
  investigationRoutes(app);
  penaltyRoutes(app);
  auditRoutes(app);
}
