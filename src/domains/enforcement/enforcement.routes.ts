import type { FastifyInstance } from 'fastify';
import { hotlineRoutes } from './hotline.routes.js';

export function enforcementRoutes(app: FastifyInstance) {
  hotlineRoutes(app);
}
