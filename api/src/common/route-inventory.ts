import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { POLICY_KEY, type RoutePolicy } from './policy.decorators';

export interface RouteInfo {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Full path with the global prefix, e.g. `/api/workspace/members/:userId`. */
  path: string;
  controller: string;
  handler: string;
  policy: RoutePolicy | undefined;
}

/**
 * Every HTTP route the app serves, with its declared policy. The access tests are generated from this list,
 * so a new route is covered (or fails the build for lacking a policy or a fixture) without anyone remembering.
 */
export function listRoutes(app: INestApplication, prefix = '/api'): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPolicy: RoutePolicy | undefined = Reflect.getMetadata(POLICY_KEY, controller);
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const subPaths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        if (subPaths === undefined || method === undefined) continue;
        for (const b of base) {
          for (const sub of ([] as string[]).concat(subPaths)) {
            routes.push({
              method: RequestMethod[method] as RouteInfo['method'],
              path: joinPath(prefix, b, sub),
              controller: controller.name,
              handler: name,
              policy: Reflect.getMetadata(POLICY_KEY, handler) ?? classPolicy,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function joinPath(...parts: string[]): string {
  return '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
}
